"""A real SMTP server in the test process (aiosmtpd), and a throwaway TLS certificate."""

import datetime
import ipaddress
import socket
import ssl
from email import message_from_bytes, policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Inbox:
    """Keeps every accepted message (parsed, and its raw bytes as the server got them);
    refuses the message numbers in `refuse` with `reply`, and the recipients in `refuse_rcpt`
    with `rcpt_reply`."""

    def __init__(
        self,
        refuse=(),
        reply="451 4.7.1 Too many messages, try again later",
        refuse_rcpt=(),
        rcpt_reply="550 5.1.1 <{}>: no such user here",
    ):
        self.messages = []
        self.raw: list[bytes] = []
        self.refuse = set(refuse)
        self.reply = reply
        self.refuse_rcpt = set(refuse_rcpt)
        self.rcpt_reply = rcpt_reply
        self.attempts = 0
        self.rcpts: list[str] = []  # every RCPT TO the server was asked for

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpts.append(address)
        if address in self.refuse_rcpt:
            return self.rcpt_reply.format(address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        if self.attempts in self.refuse:
            return self.reply
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append((tuple(envelope.rcpt_tos), message))
        self.raw.append(envelope.original_content)
        return "250 OK"

    def ids(self) -> list[str]:
        return [message["Message-ID"] for _, message in self.messages]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`with Server(inbox, ...) as port:` an SMTP server on 127.0.0.1 for the block."""

    def __init__(self, inbox: Inbox, tls_context=None, password=None, smtputf8=True):
        self.inbox = inbox
        extra = {"enable_SMTPUTF8": smtputf8}  # False: a server that takes ASCII addresses only
        if tls_context is not None:
            extra |= {"tls_context": tls_context, "require_starttls": True}
        if password is not None:
            extra["authenticator"] = lambda server, session, envelope, mechanism, data: AuthResult(
                success=data.password.decode() == password, handled=False
            )
            extra["auth_require_tls"] = tls_context is not None
        self.controller = Controller(
            inbox, hostname="127.0.0.1", port=free_port(), server_hostname="localhost", **extra
        )

    def __enter__(self) -> int:
        self.controller.start()
        return self.controller.port

    def __exit__(self, *exc) -> None:
        self.controller.stop()


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1: (cert.pem, key.pem)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def server_tls(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context
