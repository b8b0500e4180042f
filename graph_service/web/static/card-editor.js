// The card editor's small script: move people between the rings by dragging, by tapping the
// person and then a ring, or by keyboard (1, 2, 3, or the arrow keys). Every move posts the
// page's own ring form, so the server saves it at once and the page shows what was saved; the
// page works the same without this script (each person opens her details with ring buttons).
// Nothing is stored in the browser.
"use strict";
(() => {
  const figure = document.getElementById("kaart");
  const svg = figure && figure.querySelector("svg.card-svg");
  if (!svg) return;
  const moveUrl = figure.dataset.move;
  const token = document.querySelector("input[name=csrf]");
  const formId = document.querySelector("input[name=form_id]");
  const step = document.querySelector("input[name=stap]");
  const status = document.getElementById("kaart-keuze");
  const rings = [...svg.querySelectorAll(".card-ring")].map((c) => [Number(c.dataset.ring), Number(c.getAttribute("r"))])
    .sort((a, b) => a[1] - b[1]);
  let picked = null;

  const linkButton = document.getElementById("verbind-modus");
  let linking = false;
  let first = null;

  function send(url, extra) {
    if (!token || !formId) return;
    const form = document.createElement("form");
    form.method = "post";
    form.action = url;
    const fields = { csrf: token.value, form_id: formId.value, ...extra };
    if (step) fields.stap = step.value;
    for (const [name, value] of Object.entries(fields)) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.appendChild(input);
    }
    document.body.appendChild(form);
    form.submit();
  }

  function post(person, ring) {
    send(moveUrl, { person: person.dataset.person, ring: String(ring), seen_ring: person.dataset.ring,
                    persoon: person.dataset.person });
  }

  if (linkButton) {  // ties between two people by tapping both
    linkButton.hidden = false;
    linkButton.addEventListener("click", () => {
      linking = !linking;
      first = null;
      pick(null);
      linkButton.setAttribute("aria-pressed", String(linking));
      status.textContent = linking ? linkButton.dataset.on : "";
    });
  }

  function link(person) {
    if (person.dataset.own !== "yes") return;
    if (!first) { first = person; person.classList.add("card-person--picked"); return; }
    if (first !== person) send(figure.dataset.link, { first: first.dataset.person, second: person.dataset.person });
  }

  function point(event) {
    const p = svg.createSVGPoint();
    p.x = event.clientX;
    p.y = event.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }

  function ringAt(p) {
    const distance = Math.hypot(p.x, p.y);
    for (const [ring, radius] of rings) if (distance <= radius + 20) return ring;
    return rings[rings.length - 1][0];
  }

  function pick(person) {
    if (picked) picked.classList.remove("card-person--picked");
    picked = person;
    if (person) {
      person.classList.add("card-person--picked");
      status.textContent = (document.documentElement.lang === "en" ? "Chosen: " : "Gekozen: ") +
        person.getAttribute("aria-label") + (document.documentElement.lang === "en" ?
        ". Tap a ring to move, or tap again for the details." : ". Tik op een cirkel om te verplaatsen, of tik nog eens voor de gegevens.");
    } else {
      status.textContent = "";
    }
  }

  for (const person of svg.querySelectorAll("a.card-person")) {
    let start = null;
    let dragged = false;
    const shape = person.querySelectorAll("circle, rect, polygon, text");
    person.addEventListener("pointerdown", (event) => {
      start = point(event);
      dragged = false;
      person.setPointerCapture(event.pointerId);
    });
    person.addEventListener("pointermove", (event) => {
      if (!start) return;
      const p = point(event);
      const dx = p.x - start.x, dy = p.y - start.y;
      if (Math.hypot(dx, dy) > 12) dragged = true;
      if (dragged) for (const s of shape) s.setAttribute("transform", `translate(${dx} ${dy})`);
    });
    person.addEventListener("pointerup", (event) => {
      if (!start) return;
      const end = point(event);
      start = null;
      if (!dragged) return;
      const ring = ringAt(end);
      if (String(ring) === person.dataset.ring) {
        for (const s of shape) s.removeAttribute("transform");
        return;
      }
      post(person, ring);
    });
    person.addEventListener("click", (event) => {
      if (dragged) { event.preventDefault(); dragged = false; return; }
      // Enter (a click without a pointer) opens the details; a first tap picks, a second tap opens
      if (linking) { event.preventDefault(); link(person); return; }
      if (event.detail !== 0 && picked !== person) { event.preventDefault(); pick(person); }
    });
    person.addEventListener("keydown", (event) => {
      const ring = Number(person.dataset.ring);
      let target = null;
      if (["1", "2", "3"].includes(event.key)) target = Number(event.key);
      else if (event.key === "ArrowUp" || event.key === "ArrowLeft") target = Math.max(1, ring - 1);
      else if (event.key === "ArrowDown" || event.key === "ArrowRight") target = Math.min(3, ring + 1);
      else if (event.key === " ") { event.preventDefault(); person.dispatchEvent(new MouseEvent("click", { bubbles: true })); return; }
      if (target === null) return;
      event.preventDefault();
      if (target !== ring) post(person, target);
    });
  }

  svg.addEventListener("click", (event) => {  // the second tap: a ring
    if (!picked || event.target.closest("a.card-person")) return;
    const ring = ringAt(point(event));
    if (String(ring) !== picked.dataset.ring) post(picked, ring);
  });

  // after a move the page comes back at the person: give her the focus again
  const anchored = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (anchored && anchored.matches("a.card-person")) anchored.focus();
})();
