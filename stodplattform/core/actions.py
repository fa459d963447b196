"""One clear primary action per page, the rest grouped under "More actions".

A detail page's view lists what this person may do on it and says which one they do next;
``includes/action_bar.html`` draws that one as the page's single ``btn-primary`` and the
others, each once, in a ``<details>`` menu (it opens by keyboard and without JavaScript).

    from stodplattform.core.actions import Action, action_bar

    edit = Action(_("Change the meeting"), reverse("meetings-edit", args=[meeting.pk]))
    submit = Action(_("Submit"), reverse(...), post=True)  # a POST form with one button
    context["actions"] = action_bar([edit, submit if can_submit else None], primary=submit)

The primary is left out of the menu; it may also be an action that the menu never lists (a
link to a section further down the page, say). ``primary=None`` leaves the bar without one,
for a state where nothing is next or where the page shows the next step elsewhere.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    # A POST form with one button (and a CSRF token), e.g. a step of a workflow.
    post: bool = False
    # Hidden fields of the POST form, as (name, value) pairs.
    fields: tuple[tuple[str, str], ...] = ()
    # Irreversible or destructive (cancelling): drawn in the danger colour.
    danger: bool = False
    # The element's id, for a link from elsewhere and for tests.
    key: str = ""


@dataclass(frozen=True)
class ActionBar:
    primary: Action | None
    more: tuple[Action, ...]

    def __bool__(self) -> bool:
        return self.primary is not None or bool(self.more)


def action_bar(actions: Iterable[Action | None], primary: Action | None = None) -> ActionBar:
    """The bar for ``actions`` (None for one the person may not take now), ``primary`` first."""
    more = tuple(a for a in actions if a is not None and a != primary)
    return ActionBar(primary, more)
