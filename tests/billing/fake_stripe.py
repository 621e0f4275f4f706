"""A small local Stripe for tests: the endpoints the project calls, nothing more.

Stripe's servers are not reachable in development or CI. This threaded HTTP
server on 127.0.0.1 answers the official SDK (pointed at it through
`STRIPE_API_BASE`) with realistic JSON objects, and behaves like Stripe's test
cards: `pm_card_visa` pays, `pm_card_authenticationRequired` needs the card
holder (off-session: 402 `authentication_required`),
`pm_card_chargeDeclined` is declined (402 `card_declined`).

What a real Stripe would send to our webhook after each call is queued in
`events` (for the test to deliver, in order or not); `signed(event)` signs a
payload with Stripe's real scheme: `t=<ts>,v1=HMAC_SHA256(secret, "<ts>.<body>")`.
"""

import hashlib
import hmac
import itertools
import json
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

AUTH_REQUIRED = "pm_card_authenticationRequired"
DECLINED = "pm_card_chargeDeclined"
VISA = "pm_card_visa"

_seq = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"{prefix}_{next(_seq):06d}{secrets.token_hex(6)}"


def nest(pairs: list[tuple[str, str]]) -> dict:
    """Form keys as Stripe's SDK encodes them (`metadata[order]`, `types[0]`) → nested dict."""
    root: dict = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_lists(node[k]) for k in sorted(node, key=int)]
        return {k: _lists(v) for k, v in node.items()}
    return node


def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
    timestamp = int(timestamp if timestamp is not None else time.time())
    digest = hmac.new(
        secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


class StripeError(Exception):
    def __init__(self, status: int, body: dict):
        self.status = status
        self.body = body


def card_error(code: str, message: str, intent: dict, decline_code: str = "") -> StripeError:
    error = {
        "type": "card_error",
        "code": code,
        "message": message,
        "payment_intent": intent,
        "doc_url": f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}",
    }
    if decline_code:
        error["decline_code"] = decline_code
    return StripeError(402, {"error": error})


def invalid(message: str, status: int = 400) -> StripeError:
    return StripeError(status, {"error": {"type": "invalid_request_error", "message": message}})


class FakeStripe:
    def __init__(self):
        self.lock = threading.Lock()
        self.clock = int(time.time())
        self.reset()

    # --- test helpers ------------------------------------------------------------

    def reset(self) -> None:
        with self.lock:
            self.objects: dict[str, dict] = {}
            self.owner: dict[str, str | None] = {}  # object id -> Stripe-Account
            self.requests: list[dict] = []
            self.events: list[dict] = []
            self.idempotent: dict[tuple, tuple[int, dict]] = {}

    def tick(self) -> int:
        """Stripe's clock, one second further each time (events get distinct `created`)."""
        self.clock = max(self.clock + 1, int(time.time()))
        return self.clock

    def event(self, type_: str, obj: dict, account: str | None = None, created=None) -> dict:
        event = {
            "id": new_id("evt"),
            "object": "event",
            "api_version": "2024-06-20",
            "created": created or self.tick(),
            "type": type_,
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "data": {"object": json.loads(json.dumps(obj))},
        }
        if account:
            event["account"] = account
        return event

    def _emit(self, type_: str, obj: dict) -> None:
        # A connected account's own events name it; others name their owner's account.
        account = obj["id"] if obj["object"] == "account" else self.owner.get(obj["id"])
        self.events.append(self.event(type_, obj, account))

    def take_events(self) -> list[dict]:
        with self.lock:
            events, self.events = self.events, []
        return events

    def calls(self, method: str = "", path: str = "") -> list[dict]:
        return [
            r
            for r in self.requests
            if (not method or r["method"] == method) and r["path"].startswith(path)
        ]

    def complete_onboarding(self, account: str) -> dict:
        with self.lock:
            obj = self.objects[account]
            obj.update(charges_enabled=True, details_submitted=True, payouts_enabled=True)
            self._emit("account.updated", obj)
            return obj

    def confirm_setup(self, intent_id: str, payment_method: str = VISA) -> dict:
        """What Stripe.js does when the card holder enters a card on our page."""
        with self.lock:
            return self._confirm_setup(intent_id, {"payment_method": payment_method})

    def confirm_payment(self, intent_id: str, payment_method: str | None = None) -> dict:
        """The card holder completes a payment on our page (3-D Secure passed)."""
        with self.lock:
            intent = self.objects[intent_id]
            if payment_method:
                intent["payment_method"] = payment_method
            return self._succeed(intent)

    # --- HTTP -------------------------------------------------------------------------

    def handle(self, method: str, path: str, params: dict, headers: dict) -> tuple[int, dict]:
        with self.lock:
            account = headers.get("stripe-account")
            self.requests.append(
                {
                    "method": method,
                    "path": path,
                    "params": params,
                    "account": account,
                    "idempotency_key": headers.get("idempotency-key"),
                }
            )
            if not headers.get("authorization", "").startswith("Bearer sk_"):
                return 401, {"error": {"type": "invalid_request_error", "message": "No API key."}}
            key = headers.get("idempotency-key")
            if method == "POST" and key and (account, key) in self.idempotent:
                return self.idempotent[(account, key)]
            try:
                result = 200, self._route(method, path, params, account)
            except StripeError as error:
                result = error.status, error.body
            if method == "POST" and key:
                self.idempotent[(account, key)] = result
            return result

    def _route(self, method: str, path: str, params: dict, account: str | None) -> dict:
        parts = path.strip("/").split("/")[1:]  # without "v1"
        collection = parts[0] if parts else ""
        handler = getattr(self, f"_{method.lower()}_{collection}", None)
        if handler is None:
            raise invalid(f"Unrecognized request URL ({method}: {path}).", 404)
        return handler(parts[1:], params, account)

    def _get(self, object_id: str, account: str | None, kind: str) -> dict:
        obj = self.objects.get(object_id)
        if obj is None or obj["object"] != kind or self.owner.get(object_id) != account:
            # Objects of another account do not exist for this one.
            raise invalid(f"No such {kind}: '{object_id}'", 404)
        return obj

    def _store(self, obj: dict, account: str | None) -> dict:
        self.objects[obj["id"]] = obj
        self.owner[obj["id"]] = account
        return obj

    # accounts (Connect)
    def _post_accounts(self, rest, params, account):
        if rest:
            raise invalid("Not implemented here.", 404)
        obj = {
            "id": new_id("acct"),
            "object": "account",
            "type": params.get("type", "standard"),
            "country": params.get("country", "FR"),
            "email": params.get("email"),
            "charges_enabled": False,
            "details_submitted": False,
            "payouts_enabled": False,
            "created": self.tick(),
        }
        return self._store(obj, None)

    def _get_accounts(self, rest, params, account):
        return self._get(rest[0], None, "account")

    def _post_account_links(self, rest, params, account):
        self._get(params["account"], None, "account")
        return {
            "object": "account_link",
            "created": self.tick(),
            "expires_at": self.clock + 300,
            "url": f"https://connect.stripe.com/setup/s/{params['account']}/{secrets.token_hex(8)}",
        }

    # customers
    def _post_customers(self, rest, params, account):
        obj = {
            "id": new_id("cus"),
            "object": "customer",
            "email": params.get("email"),
            "name": params.get("name"),
            "metadata": params.get("metadata", {}),
            "created": self.tick(),
        }
        return self._store(obj, account)

    # setup intents
    def _post_setup_intents(self, rest, params, account):
        if rest:
            intent = self._get(rest[0], account, "setup_intent")
            if rest[1:] == ["confirm"]:
                return self._confirm_setup(intent["id"], params)
            raise invalid("Not implemented here.", 404)
        if params.get("customer"):
            self._get(params["customer"], account, "customer")
        intent_id = new_id("seti")
        obj = {
            "id": intent_id,
            "object": "setup_intent",
            "client_secret": f"{intent_id}_secret_{secrets.token_hex(8)}",
            "customer": params.get("customer"),
            "usage": params.get("usage", "off_session"),
            "payment_method": None,
            "payment_method_types": params.get("payment_method_types", ["card"]),
            "metadata": params.get("metadata", {}),
            "status": "requires_payment_method",
            "last_setup_error": None,
            "created": self.tick(),
        }
        return self._store(obj, account)

    def _get_setup_intents(self, rest, params, account):
        return self._get(rest[0], account, "setup_intent")

    def _confirm_setup(self, intent_id: str, params: dict) -> dict:
        intent = self.objects[intent_id]
        intent["payment_method"] = params.get("payment_method", VISA)
        intent["status"] = "succeeded"
        self._emit("setup_intent.succeeded", intent)
        return intent

    # payment intents
    def _post_payment_intents(self, rest, params, account):
        if rest:
            intent = self._get(rest[0], account, "payment_intent")
            action = rest[1:]
            if action == ["confirm"]:
                if params.get("payment_method"):
                    intent["payment_method"] = params["payment_method"]
                return self._attempt(intent, off_session=False)
            if action == ["cancel"]:
                if intent["status"] == "succeeded":
                    raise invalid("You cannot cancel this PaymentIntent because it has succeeded.")
                intent["status"] = "canceled"
                intent["canceled_at"] = self.tick()
                self._emit("payment_intent.canceled", intent)
                return intent
            raise invalid("Not implemented here.", 404)
        amount = int(params["amount"])
        if amount < 50:
            raise invalid("Amount must be at least €0.50 eur")
        intent_id = new_id("pi")
        intent = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_received": 0,
            "amount_capturable": 0,
            "application_fee_amount": int(params["application_fee_amount"])
            if "application_fee_amount" in params
            else None,
            "currency": params.get("currency", "eur"),
            "customer": params.get("customer"),
            "payment_method": params.get("payment_method"),
            "payment_method_types": params.get("payment_method_types", ["card"]),
            "client_secret": f"{intent_id}_secret_{secrets.token_hex(8)}",
            "description": params.get("description"),
            "metadata": params.get("metadata", {}),
            "status": "requires_payment_method"
            if not params.get("payment_method")
            else "requires_confirmation",
            "last_payment_error": None,
            "latest_charge": None,
            "next_action": None,
            "created": self.tick(),
        }
        self._store(intent, account)
        self._emit("payment_intent.created", intent)
        if params.get("confirm") == "true":
            return self._attempt(intent, off_session=params.get("off_session") == "true")
        return intent

    def _attempt(self, intent: dict, *, off_session: bool) -> dict:
        method = intent.get("payment_method")
        if method == DECLINED:
            intent.update(
                status="requires_payment_method",
                last_payment_error={
                    "code": "card_declined",
                    "decline_code": "generic_decline",
                    "message": "Your card was declined.",
                    "type": "card_error",
                },
            )
            self._emit("payment_intent.payment_failed", intent)
            raise card_error("card_declined", "Your card was declined.", intent, "generic_decline")
        if method == AUTH_REQUIRED and off_session:
            intent.update(
                status="requires_payment_method",
                last_payment_error={
                    "code": "authentication_required",
                    "decline_code": "authentication_required",
                    "message": "Your card was declined. This transaction requires authentication.",
                    "type": "card_error",
                },
            )
            self._emit("payment_intent.payment_failed", intent)
            raise card_error(
                "authentication_required",
                "Your card was declined. This transaction requires authentication.",
                intent,
                "authentication_required",
            )
        if method == AUTH_REQUIRED:
            intent.update(
                status="requires_action",
                next_action={"type": "use_stripe_sdk", "use_stripe_sdk": {}},
            )
            self._emit("payment_intent.requires_action", intent)
            return intent
        return self._succeed(intent)

    def _succeed(self, intent: dict) -> dict:
        charge_id = new_id("ch")
        intent.update(
            status="succeeded",
            amount_received=intent["amount"],
            latest_charge=charge_id,
            last_payment_error=None,
            next_action=None,
        )
        charge = {
            "id": charge_id,
            "object": "charge",
            "amount": intent["amount"],
            "amount_captured": intent["amount"],
            "amount_refunded": 0,
            "refunded": False,
            "paid": True,
            "status": "succeeded",
            "payment_intent": intent["id"],
            "metadata": intent["metadata"],
            "created": self.clock,
        }
        self._store(charge, self.owner.get(intent["id"]))
        self._emit("charge.succeeded", charge)
        self._emit("payment_intent.succeeded", intent)
        return intent

    def _get_payment_intents(self, rest, params, account):
        return self._get(rest[0], account, "payment_intent")

    # refunds
    def _post_refunds(self, rest, params, account):
        intent = self._get(params["payment_intent"], account, "payment_intent")
        if intent["status"] != "succeeded":
            raise invalid("This PaymentIntent does not have a successful charge to refund.")
        charge = self.objects[intent["latest_charge"]]
        amount = int(params.get("amount", charge["amount"] - charge["amount_refunded"]))
        if amount <= 0 or amount > charge["amount"] - charge["amount_refunded"]:
            raise invalid(
                f"Refund amount ({amount / 100:.2f} €) is greater than unrefunded amount on "
                f"charge ({(charge['amount'] - charge['amount_refunded']) / 100:.2f} €)"
            )
        refund = {
            "id": new_id("re"),
            "object": "refund",
            "amount": amount,
            "charge": charge["id"],
            "payment_intent": intent["id"],
            "currency": "eur",
            "metadata": params.get("metadata", {}),
            "reason": params.get("reason"),
            "status": "succeeded",
            "created": self.tick(),
        }
        self._store(refund, account)
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        self._emit("refund.created", refund)
        self._emit("charge.refunded", charge)
        return refund


class _Handler(BaseHTTPRequestHandler):
    fake: FakeStripe

    def _answer(self, method: str) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        params = nest(parse_qsl(body if method == "POST" else url.query, keep_blank_values=True))
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, payload = self.fake.handle(method, url.path, params, headers)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", new_id("req"))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._answer("GET")

    def do_POST(self):
        self._answer("POST")

    def do_DELETE(self):
        self._answer("DELETE")

    def log_message(self, format, *args):  # quiet
        pass


class FakeStripeServer:
    """`with FakeStripeServer() as server:` — `server.url` for STRIPE_API_BASE."""

    def __init__(self):
        self.fake = FakeStripe()
        handler = type("Handler", (_Handler,), {"fake": self.fake})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "FakeStripeServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
