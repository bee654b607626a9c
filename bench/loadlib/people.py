"""The simulated people of the load bench: each a thread with its own cookies and a weighted loop
of trainee or manager actions, and the Bench every one of them records its requests and
acknowledged writes in."""

import http.client
import json
import random
import re
import threading
import time
from urllib.parse import quote, urlparse

from quiz_load import answer_pick, paper_read  # bench/ is on the path: run as a script

CHOICE = re.compile(r'action="/scenarios/runs/(\d+)/choose/"[^>]*>.*?name="choice" value="([^"]+)"', re.S)


class Person:
    """One simulated user: its own cookies, a loop of weighted actions with think time."""

    def __init__(self, bench, kind: str, data: dict):
        self.bench, self.kind, self.data = bench, kind, data
        self.cookies = {"sessionid": data["session"]}
        self.rng = random.Random(data["user_id"])
        self.attempt: dict | None = None  # {"id", "plan": [(qid, kind)], "versions", "options"}
        self.run_path: str | None = None  # the scenario player page of the run in progress
        self.choices: list[tuple[int, str]] = []

    def request(self, label: str, method: str, path: str, body: bytes | None = None, headers=None) -> int:
        return self.fetch(label, method, path, body, headers)[0]

    def fetch(self, label: str, method: str, path: str, body: bytes | None = None, headers=None):
        """(status, Location, body) of one request, timed and recorded under `label`."""
        headers = dict(headers or {})
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers["Host"] = f"127.0.0.1:{self.bench.port}"
        start, began = time.perf_counter(), time.monotonic()
        status, location, data = 0, None, b""
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.bench.port, timeout=30)
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            status = response.status
            location = response.getheader("Location")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    match = re.match(r"([^=]+)=([^;]*)", value)
                    if match:
                        self.cookies[match.group(1)] = match.group(2)
            conn.close()
        except OSError:
            status = 0
        self.bench.record(label, status, (time.perf_counter() - start) * 1000, began)
        return status, location, data

    def form_post(self, label: str, path: str, fields: str = "") -> tuple:
        body = f"csrfmiddlewaretoken={self.cookies['csrftoken']}" + (f"&{fields}" if fields else "")
        return self.fetch(
            label, "POST", path, body.encode(), headers={"Content-Type": "application/x-www-form-urlencoded"}
        )

    def json_post(self, label: str, path: str, payload: dict) -> tuple:
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-CSRFToken": self.cookies["csrftoken"],
        }
        return self.fetch(label, "POST", path, json.dumps(payload).encode(), headers=headers)

    def quiz_step(self) -> None:
        """Start an attempt, or save the next answer, or hand in when every answer is saved."""
        b, r = self.bench, self.rng
        if self.attempt is None:
            status, location, _ = self.form_post("quiz start (POST)", f"/quizzes/{b.quiz_id}/start/", "confirmed=1")
            if status != 302 or not location or "/attempts/" not in location:
                return
            path = urlparse(location).path
            status, _, html = self.fetch("quiz paper", "GET", path)
            if status != 200:
                return
            plan, options = paper_read(html.decode())
            plan += r.sample(plan, k=len(plan) // 4)  # a quarter of the answers are changed
            self.attempt = {
                "id": int(path.rstrip("/").split("/")[-1]),
                "plan": plan,
                "versions": {},
                "options": options,
            }
            return
        attempt = self.attempt
        if attempt["plan"]:
            qid, kind = attempt["plan"].pop(0)
            response = answer_pick(kind, attempt["options"].get(qid, []), r)
            payload = {"question": qid, "response": response, "version": attempt["versions"].get(qid, 0)}
            status, _, data = self.json_post(
                "quiz answer save (POST)", f"/quizzes/attempts/{attempt['id']}/answer/", payload
            )
            if status == 200:
                attempt["versions"][qid] = json.loads(data)["version"]
                b.answer_acked(attempt["id"], qid, response)
            return
        status, _, _ = self.json_post("quiz submit (POST)", f"/quizzes/attempts/{attempt['id']}/submit/", {})
        if status == 200:
            b.submitted(attempt["id"])
            self.attempt = None

    def scenario_step(self) -> None:
        """Start (or restart) a scenario, or take one choice; at the end, read the debrief."""
        b, r = self.bench, self.rng
        if not self.choices:
            scenario = r.choice(b.scenarios)
            status, location, _ = self.form_post(
                "scenario start (POST)", f"/scenarios/{scenario['id']}/start/", "restart=1"
            )
            if status == 302 and location:
                self.show_player(urlparse(location).path)
            return
        run_id, key = r.choice(self.choices)
        status, location, _ = self.form_post(
            "scenario choice (POST)", f"/scenarios/runs/{run_id}/choose/", f"choice={quote(key)}"
        )
        self.choices = []
        if status == 302 and location:
            self.show_player(urlparse(location).path)

    def show_player(self, path: str) -> None:
        if "/scenarios/runs/" in path:
            self.fetch("scenario debrief", "GET", path)
            return
        status, _, html = self.fetch("scenario player", "GET", path)
        if status == 200:
            self.choices = [(int(run), key) for run, key in CHOICE.findall(html.decode())]

    def act(self) -> None:
        b, r = self.bench, self.rng
        if self.kind == "manager":
            choice = r.random()
            if choice < 0.4:
                self.request("manager staff list", "GET", "/people/")
            elif choice < 0.8:
                self.request("manager skills dashboard", "GET", "/skills/team/")
            else:
                self.request("manager team api", "GET", "/api/v1/people/team")
            return
        choice = r.random()
        if "csrftoken" not in self.cookies or choice < 0.10:
            self.request("my learning", "GET", "/learning/")  # also sets the CSRF cookie
        elif choice < 0.20 and b.courses:
            self.request("course page", "GET", r.choice(b.courses))
        elif choice < 0.34 and b.lessons:
            self.request("lesson page", "GET", r.choice(b.lessons)["url"])
        elif choice < 0.42 and b.lessons:
            lesson = r.choice(b.lessons)
            status, _, _ = self.form_post("lesson done (POST)", f"/learning/lessons/{lesson['id']}/done/")
            if status == 302:
                b.acked(self.data["user_id"], lesson["id"])
        elif choice < 0.72:
            self.quiz_step()
        elif choice < 0.88 and b.scenarios:
            self.scenario_step()
        elif choice < 0.92:
            self.request("learning api", "GET", "/api/v1/learning/me")
        elif choice < 0.96:
            self.request("my skills", "GET", "/skills/")
        else:
            self.request("my quiz results", "GET", "/quizzes/mine/")

    def run(self) -> None:
        time.sleep(self.rng.uniform(0, self.bench.ramp))  # people arrive over the ramp-up
        if self.kind == "trainee":
            self.request("my learning", "GET", "/learning/")  # also sets the CSRF cookie
        while time.monotonic() < self.bench.deadline:
            self.act()
            time.sleep(min(self.rng.expovariate(1 / self.bench.think), 30.0))


class Bench:
    def __init__(self, port: int, data: dict, duration: float, think: float, ramp: float):
        self.port, self.duration, self.think, self.ramp = port, duration, think, ramp
        self.courses, self.lessons = data["courses"], data["lessons"]
        self.quiz_id, self.scenarios = data["quiz_id"], data["scenarios"]
        self.lock = threading.Lock()
        # Every request: (start in s from the measured window's start, label, status, ms); the
        # ramp-up's start before 0.
        self.timeline: list[tuple[float, str, int, float]] = []
        self.acked_pairs: list[tuple[int, int]] = []
        self.acked_answers: dict[tuple[int, int], object] = {}  # (attempt, question) → last acknowledged
        self.submitted_attempts: set[int] = set()
        self.measure_from = time.monotonic() + ramp
        self.deadline = self.measure_from + duration

    def record(self, label: str, status: int, ms: float, began: float) -> None:
        with self.lock:
            self.timeline.append((began - self.measure_from, label, status, ms))

    def acked(self, user_id: int, lesson_id: int) -> None:
        with self.lock:
            self.acked_pairs.append((user_id, lesson_id))

    def answer_acked(self, attempt_id: int, question_id: int, response) -> None:
        with self.lock:
            self.acked_answers[(attempt_id, question_id)] = response

    def submitted(self, attempt_id: int) -> None:
        with self.lock:
            self.submitted_attempts.add(attempt_id)
