"""Each card signal (G01-G19) as a question the parents understand, in Dutch and English; the
card's own words beside it give the evidence. `{first}` is the first person the signal is about."""

from __future__ import annotations

SIGNAL_QUESTIONS: dict[str, tuple[str, str]] = {
    "G01": ("Bij wie kunt u terecht als het even niet gaat?", "Who can you turn to when things are hard?"),
    "G02": ("Wie helpt er in huis als de baby er is?", "Who helps at home when the baby has arrived?"),
    "G03": ("Aan wie vraagt u advies als u iets niet weet?", "Who do you ask for advice when you do not know something?"),
    "G04": ("Zijn er nog meer mensen die u zouden kunnen helpen?", "Are there more people who could help you?"),
    "G05": ("Wat gebeurt er als {first} even niet kan?", "What happens if {first} cannot help for a while?"),
    "G06": ("Wie blijft er als de hulpverleners weer weg zijn?", "Who stays when the professionals have left?"),
    "G07": ("Wie is er snel bij als het nodig is?", "Who can be there quickly when needed?"),
    "G08": ("Hoe gaat u om met de spanning met {first}?", "How do you deal with the tension with {first}?"),
    "G09": ("Kunt u ook iets terugvragen van de mensen die u helpt?", "Can you also ask something back from the people you help?"),
    "G10": ("Weet {first} wat er speelt?", "Does {first} know what is going on?"),
    "G11": ("Wie houdt het overzicht over alle hulp?", "Who keeps the overview of all the help?"),
    "G12": ("Weten de verloskundige en het wijkteam van elkaar?", "Do the midwife and the neighbourhood team know about each other?"),
    "G13": ("Wie neemt het over na de kraamtijd?", "Who takes over after the maternity period?"),
    "G14": ("Wie kan u hierbij helpen?", "Who can help you with this?"),
    "G15": ("Wat als deze hulp stopt?", "What if this help stops?"),
    "G16": ("Wie steunt uw partner?", "Who supports your partner?"),
    "G17": ("Krijgt u genoeg steun waar u die nodig heeft?", "Do you get enough support where you need it?"),
    "G18": ("Klopt de kaart nog? Is er iets veranderd?", "Is the card still right? Has anything changed?"),
    "G19": ("Kunnen mensen uit uw omgeving meer doen?", "Could people around you do more?"),
}
