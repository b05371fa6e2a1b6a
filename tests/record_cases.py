"""One decision-record case, answered and filled in as a manager would, shared by the tests
of every record: the command line's PDF (acceptance/test_pdf_records.py), the printables
(acceptance/test_pdfs.py) and the browser's printed record (browser/test_tool_records.py), so
each prints the same case and the page budgets are measured alike."""

from __future__ import annotations

import datetime

GUIDE = "just-culture-guide"
CHECKLIST = "pre-disciplinary-checklist"
TODAY = datetime.date(2026, 3, 14)
# Every guide question answered: the person knowingly went against workable protocols.
GUIDE_ANSWERS = {
    "1a": "no",
    "2a": "no",
    "2b": "no",
    "2c": "no",
    "3a": "yes",
    "3b": "yes",
    "3c": "yes",
    "4a": "no",
    "4b": "no",
    "4c": "no",
    "5a": "no",
}
# Every checklist question answered, and every "think again" prompt raised (4a to 6iii No).
THINK_AGAIN = ("4a", "4b", "4c", "4d", "4e", "5a", "5b", "5c", "5d", "5e", "5f", "5g")
CHECKLIST_ANSWERS = {
    "1": "conduct",
    "2": "no",
    "2a": "no",
    "2b": "no",
    "2c": "no",
    "2d": "no",
    "3": "iii",
    "3a": "yes",
    "3b": "yes",
    "3c": "yes",
    "3d": "yes",
    **{item: "no" for item in (*THINK_AGAIN, "6i", "6ii", "6iii")},
    "final": "yes",
}
# The case: harm and drink at question 2 and "does not know how" at question 3, with
# capability at question 1 (which contradicts a gross-misconduct Yes).
RED_FLAGS = {"1": "capability", "2": "yes", "2a": "yes", "2b": "yes", "3": "i"}
# Every field filled in, at the length a manager would write.
FIELDS = {
    "case-reference": "INC-2026-0412",
    "staff-member": "Alex Morgan, staff nurse (staff number 104233)",
    "people-involved": (
        "Sam Jones (ward manager), Priya Shah (HR adviser) and Alex Morgan's union representative."
    ),
    "information-obtained": (
        "The incident report, the medication chart, the ward rota for the night shift and "
        "written statements from Alex Morgan and the two other nurses on duty. The pharmacy's "
        "note on the missed dose."
    ),
    "information-considered": (
        "We looked first at the ward's workload and staffing that night, the layout of the drug "
        "round and how the protocol is used in practice. Then we looked at Alex's account and "
        "the statements of the other nurses."
    ),
    "able-to-contribute": "yes",
    "able-to-contribute-details": (
        "Alex gave a written statement and met Sam Jones and Priya Shah on 10 March, with a "
        "union representative present."
    ),
    "rationale": (
        "The protocol was workable and followed routinely on the ward. Alex knew it and chose "
        "not to follow it on this round. Other nurses with similar experience followed it that "
        "night. There were no significant mitigating circumstances."
    ),
    "decision": (
        "Management action: a meeting with Alex to agree closer supervision of drug rounds for "
        "three months, and a review at the end of it. No formal investigation."
    ),
    "decision-maker": "Sam Jones, ward manager",
    "approver": "Priya Shah, HR adviser",
    "decision-date": "14 March 2026",
}
