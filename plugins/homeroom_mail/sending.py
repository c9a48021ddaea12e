"""The school's own mail server (HOMEROOM_SMTP_*), or a folder of .eml files (a dry run).

Every refusal becomes one sentence an admin can act on; a server's reply is logged with its
code and any address in it masked. A refusal of one family's message for good (5xx to RCPT or
DATA, or an address the server cannot take) is that family's: the others still go. A temporary
refusal (4xx: a rate limit, a busy server) stops the run: what was accepted is in the ledger,
and the next run sends the rest. The envelope names the one subscriber, whatever the headers
say.
"""

import contextlib
import re
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

from .subscribers import ADDRESS, mask

MODES = {"starttls": 587, "ssl": 465, "none": 25}
ANY_ADDRESS = re.compile(r"[^\s<>@]+@[^\s<>@]+")


class SendError(RuntimeError):
    """Nothing more can be sent this run; the message says why and what to do."""


class TryLater(SendError):
    """The server asked us to wait (4xx): the next run resumes."""


class Refused(Exception):
    """The server refused this one message for good (5xx): the others still go."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str
    password: str
    sender: str
    tls: str  # starttls | ssl | none
    per_minute: int  # 0: no pause between messages
    max_messages: int  # per run; the rest goes next run


def scrub(reply) -> str:
    """A server's reply for the log: decoded, one line, addresses masked."""
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return ANY_ADDRESS.sub(lambda found: mask(found.group(0)), " ".join(text.split()))[:200]


def smtp_settings(environ) -> SmtpSettings:
    """HOMEROOM_SMTP_* from the environment, or a SendError naming what is missing or wrong."""
    host = environ.get("HOMEROOM_SMTP_HOST", "").strip()
    tls = environ.get("HOMEROOM_SMTP_TLS", "").strip().lower() or "starttls"
    if tls not in MODES:
        raise SendError(f"HOMEROOM_SMTP_TLS is {tls!r}; use starttls (default), ssl or none")
    user = environ.get("HOMEROOM_SMTP_USER", "").strip()
    sender = environ.get("HOMEROOM_SMTP_FROM", "").strip() or user
    if not host:
        raise SendError(
            "HOMEROOM_SMTP_HOST is not set: the school's mail server, like smtp.gmail.com"
        )
    if not ADDRESS.fullmatch(sender.rpartition("<")[2].rstrip(">").strip()):
        raise SendError(
            "HOMEROOM_SMTP_FROM is not an address: set it to the school account that sends, "
            "like news@school.example (or 'Riverside News <news@school.example>')"
        )
    numbers = {}
    for name, default in (("PORT", MODES[tls]), ("PER_MINUTE", 20), ("MAX_MESSAGES", 500)):
        raw = environ.get(f"HOMEROOM_SMTP_{name}", "").strip() or str(default)
        if not raw.isdigit():
            raise SendError(f"HOMEROOM_SMTP_{name} is {raw!r}; it must be a whole number")
        numbers[name] = int(raw)
    return SmtpSettings(
        host,
        numbers["PORT"],
        user,
        environ.get("HOMEROOM_SMTP_PASSWORD", ""),
        sender,
        tls,
        numbers["PER_MINUTE"],
        numbers["MAX_MESSAGES"] or 500,
    )


class SmtpTransport:
    """One connection for the run: TLS first, then the login, then the messages."""

    def __init__(self, settings: SmtpSettings, context: ssl.SSLContext | None = None):
        self.settings = settings
        self.context = context or ssl.create_default_context()
        self.server: smtplib.SMTP | None = None

    def open(self) -> None:
        s = self.settings
        where = f"{s.host}:{s.port}"
        try:
            if s.tls == "ssl":
                self.server = smtplib.SMTP_SSL(s.host, s.port, timeout=60, context=self.context)
            else:
                self.server = smtplib.SMTP(s.host, s.port, timeout=60)
            if s.tls == "starttls":
                self.server.starttls(context=self.context)
            if s.user:
                self.server.login(s.user, s.password)
        except smtplib.SMTPAuthenticationError as error:
            raise SendError(
                f"{where} refused the login ({error.smtp_code}): check HOMEROOM_SMTP_USER and "
                "HOMEROOM_SMTP_PASSWORD (Google and Microsoft need an app password or SMTP AUTH "
                "turned on for that account; see the README)"
            ) from None
        except smtplib.SMTPNotSupportedError:
            raise SendError(
                f"{where} does not offer STARTTLS: set HOMEROOM_SMTP_TLS=ssl (port 465) if it "
                "speaks TLS from the start; Homeroom never sends a password in clear"
            ) from None
        except ssl.SSLError as error:
            raise SendError(
                f"{where}: TLS failed ({error.reason or 'handshake'}): the server's certificate "
                "is not trusted for that name, or HOMEROOM_SMTP_TLS does not match the port "
                "(starttls: 587, ssl: 465)"
            ) from None
        except smtplib.SMTPResponseException as error:
            raise SendError(
                f"{where} refused us ({error.smtp_code} {scrub(error.smtp_error)})"
            ) from None
        except (OSError, smtplib.SMTPException) as error:
            raise SendError(
                f"cannot reach {where} ({type(error).__name__}): check HOMEROOM_SMTP_HOST and "
                "HOMEROOM_SMTP_PORT"
            ) from None

    def send(self, message: EmailMessage, name: str, to: str) -> None:
        if self.server is None:
            self.open()
        sender = parseaddr(self.settings.sender)[1] or self.settings.sender
        try:
            self.server.send_message(message, from_addr=sender, to_addrs=[to])
        except smtplib.SMTPRecipientsRefused as error:
            code, reply = next(iter(error.recipients.values()))
            self._refused(code, reply)
        except smtplib.SMTPDataError as error:
            self._refused(error.smtp_code, error.smtp_error)
        except smtplib.SMTPSenderRefused as error:
            if 400 <= error.smtp_code < 500:
                raise TryLater(f"the server asked us to wait ({error.smtp_code})") from None
            raise SendError(
                f"the server refused the sender ({error.smtp_code} {scrub(error.smtp_error)}): "
                "check HOMEROOM_SMTP_FROM, the account the server lets HOMEROOM_SMTP_USER send as"
            ) from None
        except (smtplib.SMTPNotSupportedError, UnicodeError):
            raise Refused(
                "an address that is not ASCII, which this server does not accept (no SMTPUTF8)"
            ) from None
        except (smtplib.SMTPServerDisconnected, OSError) as error:
            self.server = None
            raise TryLater(f"the server closed the connection ({type(error).__name__})") from None

    def _refused(self, code: int, reply) -> None:
        if 400 <= code < 500:
            raise TryLater(f"the server asked us to wait ({code} {scrub(reply)})")
        raise Refused(f"{code} {scrub(reply)}")

    def close(self) -> None:
        if self.server is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.server.quit()
            self.server = None


class FolderTransport:
    """A dry run: each message as an .eml file, the address masked, nothing sent."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    def send(self, message: EmailMessage, name: str, to: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count += 1
        del message["To"]
        message["To"] = "undisclosed-recipients:;"  # the folder may be shared: no address
        path = self.folder / f"{self.count:04d}-{name}.eml"
        path.write_bytes(message.as_bytes(policy=message.policy.clone(linesep="\r\n")))

    def close(self) -> None:
        pass
