"""How allauth behaves here: nobody signs up (people come by invitation), and ended sessions are recorded."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.usersessions.adapter import DefaultUserSessionsAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts are made by invitation only (platforms.invitations → services.create_person).
        return False


class UserSessionsAdapter(DefaultUserSessionsAdapter):
    def end_sessions(self, sessions) -> None:
        sessions = list(sessions)
        super().end_sessions(sessions)
        if sessions:
            from .models import AccountEvent
            from .services import record_event

            user = sessions[0].user
            record_event(user=user, kind=AccountEvent.Kind.SESSIONS_ENDED, detail=str(len(sessions)))
