"""A trainee taking the exam over real HTTP (stdlib http.client), as the attempt page's script
does: start, read the paper, autosave answers with the version the server last confirmed, hand
in. Every request has a timeout; every save is recorded with what the server said."""

import http.client
import json
import random
import secrets
import string
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

from bench.quiz_load import paper_read

REQUEST_TIMEOUT = 10.0


@dataclass
class Save:
    question: int
    response: object
    version_sent: int
    status: int | None  # None: no answer at all (connection refused or reset, timeout)
    version_acked: int | None
    started: float
    seconds: float


@dataclass
class Trainee:
    port: int
    session_key: str
    csrf: str = field(default_factory=lambda: "".join(secrets.choice(string.ascii_letters) for _ in range(32)))
    attempt_id: int | None = None
    paper: list[tuple[int, str]] = field(default_factory=list)
    options: dict[int, list[int]] = field(default_factory=dict)
    versions: dict[int, int] = field(default_factory=dict)
    saves: list[Save] = field(default_factory=list)

    def request(self, method: str, path: str, body: dict | str | None = None, accept: str = "application/json"):
        """(status, headers, body); status None when the server gave no HTTP answer."""
        headers = {
            "Cookie": f"sessionid={self.session_key}; csrftoken={self.csrf}",
            "X-CSRFToken": self.csrf,
            "Accept": accept,
            "Host": "127.0.0.1",
        }
        data = None
        if isinstance(body, str):  # a form post, as a browser sends it
            data = body.encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        except (OSError, http.client.HTTPException):
            return None, {}, b""
        finally:
            conn.close()

    def start(self, quiz_id: int) -> None:
        status, headers, _ = self.request(
            "POST", f"/quizzes/{quiz_id}/start/", "confirmed=1", accept="text/html"
        )  # the confirmation page's button
        assert status == 302 and "/attempts/" in headers.get("Location", ""), f"start answered {status}"
        path = urlparse(headers["Location"]).path
        self.attempt_id = int(path.rstrip("/").split("/")[-1])
        status, _, html = self.request("GET", path, accept="text/html")
        assert status == 200, f"the paper answered {status}"
        self.paper, self.options = paper_read(html.decode())
        assert self.paper, "the paper has no questions"

    def pick(self, rng: random.Random) -> tuple[int, object]:
        """A question of the paper and a fresh answer to it (changing one's mind is allowed)."""
        qid, _kind = rng.choice(self.paper)
        return qid, self.pick_for(qid, rng)

    def pick_for(self, qid: int, rng: random.Random):
        kind = dict(self.paper)[qid]
        if kind == "single":
            return [rng.choice(self.options[qid])]
        if kind == "multiple":
            return sorted(rng.sample(self.options[qid], k=rng.randint(1, 2)))
        if kind == "true_false":
            return rng.choice([True, False])
        return rng.choice(["119", "110", "120", f"{rng.randint(0, 999)}"])

    def save(self, question: int, response) -> Save:
        version = self.versions.get(question, 0)
        started = time.monotonic()
        status, _, data = self.request(
            "POST",
            f"/quizzes/attempts/{self.attempt_id}/answer/",
            {"question": question, "response": response, "version": version},
        )
        acked = None
        if status == 200:
            acked = json.loads(data)["version"]
            self.versions[question] = acked
        elif status == 409:
            # stale: a save whose answer never reached us did commit; catch up as the page does
            current = json.loads(data).get("current")
            if current:
                self.versions[question] = current["version"]
        record = Save(question, response, version, status, acked, started, time.monotonic() - started)
        self.saves.append(record)
        return record

    def submit(self) -> int | None:
        status, _, _ = self.request("POST", f"/quizzes/attempts/{self.attempt_id}/submit/", {})
        return status


def answers_check(trainee: Trainee, held: dict[str, dict]) -> list[str]:
    """Problems with what the database holds for one trainee's answers, given every save it
    made: the held answer of each question must be the last acknowledged one, or a later save
    the trainee sent whose answer it never got (the commit went through, the reply did not)."""
    problems = []
    by_question: dict[int, list[Save]] = {}
    for save in trainee.saves:
        by_question.setdefault(save.question, []).append(save)
    for qid, saves in by_question.items():
        acked = [s for s in saves if s.version_acked is not None]
        if not acked:
            continue
        last = acked[-1]
        row = held.get(str(qid))
        if row is None:
            problems.append(f"attempt {trainee.attempt_id} q{qid}: acknowledged v{last.version_acked}, nothing held")
            continue
        if row["version"] == last.version_acked and row["response"] == last.response:
            continue
        later_unacked = [
            s
            for s in saves
            if s.version_acked is None and s.version_sent + 1 == row["version"] and s.response == row["response"]
        ]
        if row["version"] > last.version_acked and later_unacked:
            continue
        problems.append(
            f"attempt {trainee.attempt_id} q{qid}: acknowledged v{last.version_acked}={last.response!r}, "
            f"held v{row['version']}={row['response']!r}"
        )
    return problems
