"""Meeting pages: access → form → service → redirect.

Every meeting is reached through ``Meeting.objects.visible_to`` (another
platform's meeting answers 404) and every change asks ``rules.py`` (403 for a
role too low).
"""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from stodplattform.core.actions import Action, action_bar
from stodplattform.core.addresses import addresses
from stodplattform.core.audit import describe, history_for
from stodplattform.core.calendar import entries_for, to_ical
from stodplattform.core.files import private_file_response
from stodplattform.core.forms import StyledFormMixin, apply_errors
from stodplattform.core.permissions import can, require
from stodplattform.platforms.models import Platform

from . import services
from .forms import (
    ATTENDANCE_CHOICES,
    ActionItemForm,
    AdditionForm,
    AgendaItemForm,
    ArchiveFilterForm,
    ConfirmForm,
    DecisionForm,
    MeetingForm,
    SeriesForm,
)
from .models import (
    ActionItem,
    Addition,
    AgendaItem,
    Attendance,
    CalendarToken,
    Decision,
    Kind,
    Meeting,
    Reply,
    notes_version,
)
from .reports import attendance_overviews

PAGE_SIZE = 25


def _meeting(request, pk, perm=None) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("platform", "secretary", "checker", "series"),
        pk=pk,
    )
    if perm:
        require(request.user, perm, meeting)
    return meeting


# -- Lists --------------------------------------------------------------------


def _listed(meetings):
    """The meetings with what a row of meetings/_meeting_table.html shows, worked out once for
    the list: one reverse() for the addresses, the kinds' names translated once."""
    meeting_url, kinds = addresses("meetings-detail"), {v: str(label) for v, label in Kind.choices}
    for meeting in meetings:
        meeting.url = meeting_url(meeting.pk)
        meeting.kind_label = kinds.get(meeting.kind, meeting.kind)
    return meetings


@login_required
def meeting_list(request):
    """The person's coming meetings, and for coordinators the way to a new series."""
    meetings = _listed(
        list(Meeting.objects.visible_to(request.user).upcoming().select_related("platform")[: PAGE_SIZE * 2])
    )
    coordinated = [
        p
        for p in Platform.objects.member_of(request.user).order_by("name")
        if can(request.user, "meetings.add_series", p)
    ]
    year = timezone.localdate().year
    reported = [p for p in coordinated if can(request.user, "meetings.view_attendance_report", p)]
    return render(
        request,
        "meetings/list.html",
        {
            "meetings": meetings,
            "coordinated": coordinated,
            "several": len({m.platform_id for m in meetings}) > 1,
            # The coordinators' overview: attendance per enterprise at this year's network meetings.
            "attendance": attendance_overviews(reported[:5], year),
            "year": str(year),  # no thousands separator in a year
        },
    )


@login_required
def archive(request):
    """Past meetings with search in titles, agenda, notes, decisions and action items."""
    form = ArchiveFilterForm(request.GET or None)
    meetings = form.filter(Meeting.objects.visible_to(request.user).past().select_related("platform"))
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    _listed(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "meetings/archive.html", {"form": form, "page": page, "query": query.urlencode()})


# -- Series -------------------------------------------------------------------


@login_required
def series_create(request, slug):
    platform = get_object_or_404(Platform.objects.member_of(request.user), slug=slug)
    require(request.user, "meetings.add_series", platform)
    form = SeriesForm(
        request.POST or None,
        initial={
            "starts_on": timezone.localdate(),
            "ends_on": timezone.localdate().replace(month=12, day=31),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            series = services.create_series(platform=platform, by=request.user, **form.series_fields())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The series %(title)s was created with %(count)s meetings.")
                % {"title": series.title, "count": series.meetings.count()},
            )
            return redirect("meetings-list")
    return render(
        request,
        "meetings/series_form.html",
        {"platform": platform, "form": form, "heading": _("New meeting series")},
    )


# -- One meeting --------------------------------------------------------------


@login_required
def detail(request, pk):
    user = request.user
    # Found in the person's scope and read with all it shows in one go (the prefetches run only
    # for a meeting found): not found, 404.
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user)
        .select_related("platform", "secretary", "checker", "series")
        .prefetch_related(
            Prefetch("agenda_items", AgendaItem.objects.select_related("proposed_by")),
            Prefetch("decisions", Decision.objects.select_related("agenda_item")),
            Prefetch("action_items", ActionItem.objects.select_related("owner", "decision")),
            Prefetch("additions", Addition.objects.select_related("added_by")),
            "attendance",
            "replies",
        ),
        pk=pk,
    )
    rows, by_enterprise = meeting.attendance_overview()
    reply_rows, replies_by_enterprise = meeting.reply_overview(rows)
    my_reply = next((reply for person, _e, reply in reply_rows if person.pk == user.pk), False)
    keeps_minutes = can(user, "meetings.edit_minutes", meeting)
    can_change = can(user, "meetings.change_meeting", meeting)
    can_lock = can(user, "meetings.lock_minutes", meeting) and not meeting.is_locked
    for item in meeting.action_items.all():
        item.changeable = can(user, "meetings.change_action_item", item)
    actions = _meeting_actions(meeting, can_change=can_change, keeps_minutes=keeps_minutes, can_lock=can_lock)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "attendance_rows": rows,
            "by_enterprise": by_enterprise,
            "reply_rows": reply_rows,
            "replies_by_enterprise": replies_by_enterprise,
            # False: not invited; None: invited, no reply yet.
            "can_reply": my_reply is not False and not meeting.has_started,
            "my_reply": my_reply or None,
            "answers": Reply.Answer.choices,
            "any_attendance": bool(meeting.attendance.all()),
            "can_change": can_change,
            "keeps_minutes": keeps_minutes,
            "can_propose": can(user, "meetings.propose_agenda_item", meeting)
            and (meeting.proposals_open() or can(user, "meetings.add_agenda_item", meeting))
            and not meeting.is_locked,
            "can_lock": can_lock,
            "action_statuses": ActionItem.Status.choices,
            "actions": actions,
            # "Write the minutes" once: by the agenda unless it is the bar's first action.
            "minutes_in_bar": actions.primary is not None
            and actions.primary.url == reverse("meetings-minutes", args=[meeting.pk]),
        },
    )


def _meeting_actions(meeting, *, can_change, keeps_minutes, can_lock):
    """What this person does next on the meeting's page, and the rest under "More actions"."""
    pk = meeting.pk
    invite = Action(_("Send the meeting invitation"), reverse("meetings-send-invitation", args=[pk]))
    pdf = Action(_("Minutes (PDF)"), reverse("meetings-pdf", args=[pk]))
    ics = Action(_("Add to calendar (.ics)"), reverse("meetings-ics", args=[pk]))
    if can_lock:
        primary = None  # the notice's "Check and lock the minutes" further down
    elif keeps_minutes and meeting.is_past and not meeting.locked_at:
        primary = Action(_("Write the minutes"), reverse("meetings-minutes", args=[pk]))
    elif can_change and not meeting.is_past:
        primary = invite
    elif meeting.locked_at:
        primary = pdf
    else:
        primary = ics
    return action_bar(
        [
            Action(_("Change the meeting"), reverse("meetings-edit", args=[pk])) if can_change else None,
            invite if can_change else None,
            pdf,
            ics,
            Action(_("History"), reverse("meetings-history", args=[pk]))
            if can_change or keeps_minutes
            else None,
        ],
        primary=primary,
    )


@login_required
def history(request, pk):
    """Every change to the meeting, its agenda, minutes, attendance, decisions and action items."""
    meeting = _meeting(request, pk, "meetings.edit_minutes")
    entries = list(
        history_for(
            meeting,
            related=[
                (AgendaItem, meeting.agenda_items.values("pk")),
                (Attendance, meeting.attendance.values("pk")),
                (Decision, meeting.decisions.values("pk")),
                (ActionItem, meeting.action_items.values("pk")),
                (Addition, meeting.additions.values("pk")),
            ],
            limit=100,
        )
    )
    for entry in entries:
        entry.described = describe(entry)
        model = entry.content_type.model_class()
        entry.concerns = f"{capfirst(model._meta.verbose_name) if model else ''}: {entry.object_repr}"
    return render(
        request,
        "meetings/history.html",
        {"meeting": meeting, "entries": entries, "heading": _("History of the minutes")},
    )


@login_required
def edit(request, pk):
    meeting = _meeting(request, pk, "meetings.change_meeting")
    people = services.platform_people(meeting.platform_id)
    form = MeetingForm(request.POST or None, instance=Meeting.objects.get(pk=meeting.pk), people=people)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in MeetingForm.Meta.fields}
        try:
            services.change_meeting(meeting, by=request.user, guests=form.cleaned_data["guests"], **fields)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The meeting was changed."))
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {"meeting": meeting, "form": form, "heading": _("Change the meeting")},
    )


@login_required
def send_invitation(request, pk):
    """ "Skicka kallelsen": a page that says who will get it, then the sending (POST only)."""
    meeting = _meeting(request, pk, "meetings.change_meeting")
    if request.method == "POST":
        count = services.send_invitations(meeting, by=request.user)
        messages.success(
            request,
            ngettext(
                "The invitation was sent to %(count)s person.",
                "The invitation was sent to %(count)s people.",
                count,
            )
            % {"count": count},
        )
        return redirect(meeting)
    return render(
        request,
        "meetings/invitation_confirm.html",
        {"meeting": meeting, "invitees": meeting.invitees(), "heading": _("Send the meeting invitation")},
    )


@login_required
@require_POST
def reply(request, pk):
    """An invitee answers on the meeting's page: coming or cannot come."""
    meeting = _meeting(request, pk)
    try:
        answer = services.reply_to_meeting(meeting, user=request.user, answer=request.POST.get("answer", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Thank you. Your reply: %(answer)s.") % {"answer": answer.get_answer_display()}
        )
    return redirect(meeting)


def reply_link(request, token):
    """The link in the invitation e-mail: no sign-in; the page asks, a POST saves (nothing changes on GET)."""
    found = services.read_reply_token(token)
    if found is None:
        raise Http404
    meeting, person = found
    chosen = request.POST.get("answer") if request.method == "POST" else request.GET.get("svar")
    saved = None
    error = None
    if request.method == "POST":
        try:
            saved = services.reply_to_meeting(meeting, user=person, answer=request.POST.get("answer", ""))
        except ValidationError as problem:
            error = " ".join(problem.messages)
    current = Reply.objects.filter(meeting=meeting, user=person).first()
    return render(
        request,
        "meetings/reply.html",
        {
            "meeting": meeting,
            "person": person,
            "chosen": chosen if chosen in Reply.Answer.values else "",
            "saved": saved,
            "current": current,
            "error": error,
            "answers": Reply.Answer.choices,
        },
        status=400 if error else 200,
    )


@login_required
def agenda_add(request, pk):
    meeting = _meeting(request, pk, "meetings.propose_agenda_item")
    any_time = can(request.user, "meetings.add_agenda_item", meeting)
    form = AgendaItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_agenda_item(meeting, by=request.user, any_time=any_time, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The item was added to the agenda."))
            return redirect(meeting)
    return render(
        request,
        "meetings/agenda_form.html",
        {
            "meeting": meeting,
            "form": form,
            "any_time": any_time,
            "heading": _("Add an agenda item") if any_time else _("Propose an agenda item"),
        },
    )


class AttendanceForm(StyledFormMixin, forms.Form):
    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        for person, enterprise, record in rows:
            label = person.full_name or person.email
            if enterprise:
                label = f"{label} ({enterprise.name})"
            self.fields[f"person_{person.pk}"] = forms.ChoiceField(
                label=label,
                choices=ATTENDANCE_CHOICES,
                required=False,
                initial=record.status if record else "",
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def statuses(self) -> dict[int, str]:
        return {int(name.removeprefix("person_")): value for name, value in self.cleaned_data.items()}


@login_required
def attendance(request, pk):
    meeting = _meeting(request, pk, "meetings.record_attendance")
    rows, _by_enterprise = meeting.attendance_overview()
    form = AttendanceForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(meeting, by=request.user, statuses=form.statuses())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The attendance was saved."))
            return redirect(meeting)
    return render(
        request,
        "meetings/attendance_form.html",
        {"meeting": meeting, "form": form, "heading": _("Record attendance")},
    )


class MinutesForm(StyledFormMixin, forms.Form):
    """Notes per agenda item, each with the version it was loaded from (a hidden field)."""

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.newer: dict[int, str] = {}
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=f"{item.position}. {item.title}",
                required=False,
                max_length=20000,
                initial=item.notes,
                widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
            )
            self.fields[f"version_{item.pk}"] = forms.CharField(
                required=False, max_length=64, initial=item.notes_version, widget=forms.HiddenInput
            )

    def notes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}

    def loaded(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"version_{item.pk}"] for item in self.items}

    def rows(self):
        """(text field, someone else's newer text or None) per agenda item."""
        return [(self[f"item_{item.pk}"], self.newer.get(item.pk)) for item in self.items]

    @classmethod
    def after_conflict(cls, form, conflict, *, items):
        """The form again over the current notes: what the writer typed stays where it clashed
        (now against the newer version, so saving again is a deliberate choice), the items they
        had left alone show what was saved since, and the clash is explained next to each text."""
        data = form.data.copy()
        for item in items:
            if item.pk in conflict.newer:
                data[f"version_{item.pk}"] = item.notes_version
            elif data.get(f"version_{item.pk}") != item.notes_version and (
                notes_version(data.get(f"item_{item.pk}", "")) == data.get(f"version_{item.pk}")
            ):
                data[f"item_{item.pk}"] = item.notes
                data[f"version_{item.pk}"] = item.notes_version
        again = cls(data, items=items)
        again.is_valid()
        again.newer = conflict.newer
        for pk in conflict.newer:
            again.add_error(f"item_{pk}", conflict.messages)
        return again


@login_required
def minutes(request, pk):
    meeting = _meeting(request, pk, "meetings.edit_minutes")
    items = list(meeting.agenda_items.all())
    form = MinutesForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_minutes(meeting, by=request.user, notes=form.notes(), loaded=form.loaded())
        except services.MinutesConflict as conflict:
            items = list(meeting.agenda_items.all())
            form = MinutesForm.after_conflict(form, conflict, items=items)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect(meeting)
    return render(
        request,
        "meetings/minutes_form.html",
        {"meeting": meeting, "form": form, "items": items, "heading": _("Write the minutes")},
    )


@login_required
def decision_add(request, pk):
    meeting = _meeting(request, pk, "meetings.edit_minutes")
    form = DecisionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.add_decision(meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Decision %(paragraph)s was recorded.") % {"paragraph": decision.paragraph}
            )
            return redirect(meeting)
    next_number = services.next_decision_number(meeting.platform, timezone.localtime(meeting.starts_at).year)
    return render(
        request,
        "meetings/decision_form.html",
        {
            "meeting": meeting,
            "form": form,
            "next_number": next_number,
            "heading": _("Record a decision"),
        },
    )


@login_required
def action_add(request, pk):
    meeting = _meeting(request, pk, "meetings.edit_minutes")
    form = ActionItemForm(
        request.POST or None, meeting=meeting, people=services.platform_people(meeting.platform_id)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action_item(meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The action item was added."))
            return redirect(meeting)
    return render(
        request,
        "meetings/action_form.html",
        {"meeting": meeting, "form": form, "heading": _("Add an action item")},
    )


@login_required
@require_POST
def action_status(request, pk):
    item = get_object_or_404(ActionItem.objects.visible_to(request.user).select_related("meeting"), pk=pk)
    require(request.user, "meetings.change_action_item", item)
    try:
        services.set_action_item_status(item, by=request.user, status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The action item is now: %(status)s.") % {"status": item.get_status_display()}
        )
    target = request.POST.get("next", "")
    if target == "start":
        return redirect("portal-start")
    return redirect(item.meeting)


@login_required
def lock(request, pk):
    """Checking (justering): a page that asks the checker to confirm, then the lock. Final, so never on GET."""
    meeting = _meeting(request, pk, "meetings.lock_minutes")
    if meeting.is_locked:
        messages.info(request, _("The minutes are already checked and locked."))
        return redirect(meeting)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lock_minutes(meeting, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The minutes are checked and locked."))
        return redirect(meeting)
    return render(
        request,
        "meetings/lock_confirm.html",
        {"meeting": meeting, "form": form, "heading": _("Check and lock the minutes")},
    )


@login_required
def addition(request, pk):
    meeting = _meeting(request, pk, "meetings.edit_minutes")
    if not meeting.is_locked:
        messages.info(request, _("The minutes are not locked yet: change them directly."))
        return redirect("meetings-minutes", meeting.pk)
    form = AdditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_addition(meeting, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The addition was added to the minutes."))
            return redirect(meeting)
    return render(
        request,
        "meetings/addition_form.html",
        {"meeting": meeting, "form": form, "heading": _("Add an addition")},
    )


# -- Downloads ----------------------------------------------------------------


def _filename(meeting, ext) -> str:
    return f"mote-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{meeting.pk}.{ext}"


@login_required
def ics(request, pk):
    meeting = _meeting(request, pk)
    response = HttpResponse(services.meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(meeting, "ics")}"'
    return response


@login_required
def pdf(request, pk):
    from .pdf import minutes_pdf

    meeting = _meeting(request, pk)
    language = request.GET.get("lang") if request.GET.get("lang") in ("sv", "en") else request.LANGUAGE_CODE
    response = HttpResponse(minutes_pdf(meeting, language=language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(meeting, "pdf")}"'
    return response


# -- Calendar feed ------------------------------------------------------------


@login_required
def calendar(request):
    """The person's private feed address; renewing it makes the old address stop working."""
    if request.method == "POST":
        services.renew_calendar_token(request.user)
        messages.success(request, _("You have a new calendar address. The old one no longer works."))
        return redirect("meetings-calendar")
    token = services.calendar_token(request.user)
    feed_url = request.build_absolute_uri(reverse("meetings-feed", args=[token.token]))
    return render(request, "meetings/calendar.html", {"feed_url": feed_url})


def feed(request, token):
    """The private iCalendar feed: the address is the credential, so no sign-in."""
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404
    response = HttpResponse(
        to_ical(entries_for(found.user), name="Stödplattformen"), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def agenda_attachment(request, pk, item_pk):
    """An agenda item's attachment, for those who may see the meeting (never by a public URL)."""
    meeting = _meeting(request, pk)
    item = get_object_or_404(meeting.agenda_items.exclude(attachment=""), pk=item_pk)
    return private_file_response(item.attachment, Path(item.attachment.name).name.split("-", 1)[-1])
