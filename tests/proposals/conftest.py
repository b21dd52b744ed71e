import pytest

from proposals.services import proposal_raise, proposal_transition
from tests.factories import DocumentFactory, UnitFactory


@pytest.fixture
def city(db, unit):
    """The city above `unit` (DN-SKHCN), to which its proposals go."""
    city = UnitFactory(code="DN", name="Thành phố Đà Nẵng", kind="province")
    unit.parent = city
    unit.save()
    return city


@pytest.fixture
def raise_one(today, staff, city):
    """`raise_one(**fields)`: the staff member's unit raises a proposal to the city."""

    def raise_(**fields):
        values = {"title": "Bố trí kinh phí số hóa", "to_unit": city}
        if not {"task", "target", "document"} & set(fields):
            values["document"] = DocumentFactory()
        return proposal_raise(user=staff, **(values | fields))

    return raise_


@pytest.fixture
def move(coordinator, today):
    """`move(proposal, to, **fields)` as the coordinator, with the step's usual fields."""
    from datetime import date

    usual = {
        "accepted": {"meeting_name": "Hội nghị BCĐ 57 tháng 9", "meeting_on": date(2025, 9, 25)},
        "answered": {
            "conclusion": "Giao Sở Tài chính bố trí kinh phí",
            "handle_by": date(2025, 10, 31),
        },
        "rejected": {"reason": "Không thuộc thẩm quyền"},
    }

    def move_(proposal, to, **fields):
        values = usual.get(to, {})
        if to == "answered":
            values = values | {"responsible_unit": proposal.to_unit}
        return proposal_transition(user=coordinator, proposal=proposal, to=to, **(values | fields))

    return move_
