"""The session engine over the store: what the TUI and the CLI call.

It builds today's queue from the store's card states and the decks, hands each answer to
the store (one transaction, committed before it returns), and keeps the progress and
summary that screens display. It runs no SQL itself.
"""

from __future__ import annotations

import math
import os
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studytool.core.cards import EXAM_TYPES, Card, ChoiceCard
from studytool.core.exam import (
    DEFAULT_PASS,
    DEFAULT_QUESTIONS,
    SECONDS_PER_QUESTION,
    ExamResult,
    Plan,
    draw,
    mastery_runway,
    plan,
    score,
)
from studytool.core.grading import overruled
from studytool.core.models import Deck
from studytool.core.queue import (
    DeckCards,
    Item,
    Limits,
    Progress,
    Session,
    build_queue,
    practice_queue,
)
from studytool.core.schedule import CardState, apply_review, study_day
from studytool.core.schedulers import DEFAULT_TARGET, SCHEDULERS
from studytool.store.database import (
    ExamQuestionRecord,
    ExamRecord,
    Review,
    Saved,
    Store,
    SyncReport,
)

if TYPE_CHECKING:
    from studytool.core.forecast import Forecast
    from studytool.core.timing import StudyTime
    from studytool.engine.reports import DeckDue, DeckStats, Exam, Overview, Summary

Clock = Callable[[], datetime]
FORECAST_DAYS = 30
PACE_ANSWERS = 500
"""Recent answers the pace is measured over: the candidate's pace now, not a year ago."""


@dataclass(frozen=True)
class Answered:
    item: Item
    """As logged: its kind is "redrill" for a card coming back."""
    saved: Saved
    became_leech: bool
    """The card just lapsed for the 8th time: it is suspended and the user should know."""
    again: bool
    """It will come back later in this session."""


@dataclass
class Study:
    store: Store
    decks: Sequence[Deck]
    limits: Limits
    clock: Clock
    zone: tzinfo | None = None
    """Local time zone for study days; None means the system's."""
    exam_day: date | None = None
    """The candidate's exam date, if set: home counts down and plans to it."""
    exam_target: float = DEFAULT_TARGET
    """The recall on exam day the forecast's advice aims every card at."""
    configured: Limits | None = None
    """The limits config.toml sets, where this run's flags (``--new-limit``) changed
    ``limits``: the exam plan is judged against the setting, not against one run."""
    session: Session | None = None
    """The session being answered: today's review or a topic quiz."""
    review_session: Session | None = None
    """Today's review, kept while a topic quiz runs so it can be resumed."""
    _saved: dict[int, list[Saved]] = field(default_factory=dict)
    _session_id: str = ""
    _begun: int = 0
    """Sessions begun: two begun under one reading of the clock still get their own names."""

    def __post_init__(self) -> None:
        self._by_id = {deck.id: deck for deck in self.decks}
        self._synced = False

    # -- days and decks ----------------------------------------------------------------

    def now(self) -> datetime:
        moment = self.clock()
        if moment.tzinfo is None:
            raise ValueError("the clock must give time-zone-aware datetimes")
        return moment

    def today(self) -> date:
        return study_day(self.now().astimezone(self.zone), self.limits.rollover_hour)

    def sync(self) -> dict[str, SyncReport]:
        """Bring the store in line with the decks: new cards get state rows, removed cards
        keep their history and stop being scheduled. The decks do not change while the
        program runs, so once per Study is enough."""
        now = self.now()
        reports = {
            deck.id: self.store.sync_deck(
                deck.id,
                deck.cards.ids,
                now,
                deck.cards.topics,
                deck.synced_digest(),
                deck.study_order(),
            )
            for deck in self.decks
        }
        self._synced = True
        return reports

    def _ensure_synced(self) -> None:
        if not self._synced:
            self.sync()

    @property
    def database_path(self) -> Path:
        """The file progress is kept in, for messages."""
        return self.store.path

    def close(self) -> None:
        self.store.close()

    def is_suspended(self, deck_id: str, card_id: str) -> bool:
        return self.store.state(deck_id, card_id).suspended

    def card(self, item: Item) -> Card:
        return self._by_id[item.deck_id].card(item.card_id)

    def deck(self, deck_id: str) -> Deck:
        return self._by_id[deck_id]

    def _deck_cards(self, deck: Deck, today: date) -> tuple[DeckCards, int, int]:
        """The deck's queue candidates in study order, with (unseen, suspended) counts."""
        new_done, reviews_done = self.store.done_on(deck.id, today)
        found = self.store.queue_candidates(
            deck.id, today, self.limits.reviews_per_day - reviews_done
        )
        # Rows of cards this deck does not have (another process synced a newer version
        # of it meanwhile) are passed over.
        cards = deck.own(found.due)
        wanted = max(0, self.limits.new_per_day - new_done)
        fresh: list[tuple[str, CardState]] = []
        read = 0
        while len(fresh) < wanted:
            page = self.store.unseen(deck.id, wanted, skip=read)
            read += len(page)
            fresh += deck.own(page)
            if len(page) < wanted:
                break
        cards += fresh[:wanted]
        return DeckCards(deck.id, cards, new_done, reviews_done), found.unseen, found.suspended

    # -- what is due -------------------------------------------------------------------

    def due(self) -> list[DeckDue]:
        """Per deck, what a review started now would hold."""
        return self._due_report(None)

    def overview(self) -> Overview:
        """What home shows: the counts of the review under way today if one was left
        unfinished (a card suspended in it must not let another take its place on home),
        else of the review Enter would start; and the candidate's pace."""
        from studytool.core.timing import pace
        from studytool.engine.reports import Overview

        session = self.review_session
        running = session if session is not None and not session.finished else None
        return Overview(
            self._due_report(running),
            running.progress() if running else None,
            pace(self.store.answer_times(PACE_ANSWERS)),
        )

    def _due_report(self, running: Session | None) -> list[DeckDue]:
        from studytool.engine.reports import DeckDue, TopicDue

        today = self.today()
        report = []
        self._ensure_synced()
        for deck in self.decks:
            cards, unseen, suspended = self._deck_cards(deck, today)
            if running is None:
                queue = build_queue([cards], today, self.limits)
                queue += self._owed(deck, today)
            else:
                queue = [item for item in running.queue if item.deck_id == deck.id]
            topics = deck.cards.topics
            topic_of = {i.card_id: topics[deck.cards.place(i.card_id)] for i in queue}
            due = Counter(topic_of[i.card_id] for i in queue if i.kind == "review")
            new = Counter(topic_of[i.card_id] for i in queue if i.kind == "new")
            report.append(
                DeckDue(
                    deck_id=deck.id,
                    title=deck.title,
                    due=sum(due.values()),
                    new=sum(new.values()),
                    redrill=sum(i.kind == "redrill" for i in queue),
                    unseen=unseen,
                    suspended=suspended,
                    topics=tuple(TopicDue(t.id, t.name, due[t.id], new[t.id]) for t in deck.topics),
                )
            )
        return report

    def _owed(self, deck: Deck, today: date) -> list[Item]:
        """Cards an earlier session today missed (or guessed) and never got right (it was
        quit, or crashed): they come back as re-drills."""
        missed = [(card_id, guessed) for card_id, guessed in self.store.still_missed(deck.id, today)
                  if deck.has(card_id)]  # fmt: skip
        return [Item(deck.id, card_id, "redrill", guessed) for card_id, guessed in missed
                if not self.store.state(deck.id, card_id).suspended]  # fmt: skip

    # -- sessions ----------------------------------------------------------------------

    def start(self, deck_ids: Sequence[str] | None = None) -> Session:
        """Today's review over the given decks (all by default)."""
        self._ensure_synced()
        today = self.today()
        chosen = [d for d in self.decks if deck_ids is None or d.id in deck_ids]
        queue = build_queue([self._deck_cards(d, today)[0] for d in chosen], today, self.limits)
        owed = [item for deck in chosen for item in self._owed(deck, today)]
        gap = 3
        self.review_session = self._begin(queue[:gap] + owed + queue[gap:])
        return self.review_session

    def resume_review(self) -> bool:
        """Go back to today's review after a topic quiz; False if there is none to resume."""
        if self.review_session is None or self.review_session.finished:
            return False
        self.session = self.review_session
        return True

    @property
    def in_practice(self) -> bool:
        return self.session is not None and self.session is not self.review_session

    def start_practice(self, deck_id: str, topic: str | None = None) -> Session:
        """Every card of a topic (or deck), whatever is due: logged as practice only."""
        self._ensure_synced()
        deck = self._by_id[deck_id]
        cards = deck.cards
        ids = [i for i, t in zip(cards.ids, cards.topics, strict=True) if topic in (None, t)]
        return self._begin(practice_queue(deck_id, ids))

    def _begin(self, queue: list[Item]) -> Session:
        self._begun += 1
        self.session = Session(queue, name=f"{self.now().isoformat()}#{self._begun}")
        self._saved[id(self.session)] = []
        self._session_id = os.urandom(16).hex()
        return self.session

    def _saved_here(self) -> list[Saved]:
        """This session's answers, for undo."""
        return self._saved.setdefault(id(self._active()), [])

    def _active(self) -> Session:
        if self.session is None:
            raise RuntimeError("no session started")
        return self.session

    def answer(
        self,
        quality: int,
        correct: bool,
        given: Any = None,
        seconds: float | None = None,
        item: Item | None = None,
    ) -> Answered:
        """Grade the current card; the answer is committed to disk before this returns.
        ``item`` is the card the caller showed: an answer to any other card is refused."""
        session = self._active()
        current = session.current
        if current is None:
            raise IndexError("the session is over")
        if item is not None and item != current:
            raise ValueError(f"{item.card_id} is not the current card ({current.card_id})")
        item = current
        if isinstance(quality, bool) or not isinstance(quality, int) or not 0 <= quality <= 5:
            raise ValueError(f"quality must be a whole number from 0 to 5, not {quality!r}")
        now = self.now()
        day = study_day(now.astimezone(self.zone), self.limits.rollover_hour)

        def transition(state: CardState) -> CardState:
            return apply_review(state, item.kind, quality, day)

        saved = self.store.record(
            Review(now, day, item.deck_id, item.card_id, item.kind, quality, correct,
                   given, seconds, self._session_id),
            transition,
        )  # fmt: skip
        session.answer(quality, correct, now, seconds)
        self._saved_here().append(saved)
        became_leech = saved.after.leech and not saved.before.leech
        if became_leech:
            session.drop(item.deck_id, item.card_id, from_undo=False)
        return Answered(item, saved, became_leech, session.requeued and not became_leech)

    def overrule(self) -> Answered:
        """The candidate says the last answer, marked wrong, was right ("I was right"):
        it counts as right at quality 4, in the log, the card's state and the queue (its
        re-drill is taken back). Undo then takes the answer back as a whole."""
        session = self._active()
        saved = self._saved_here()
        if not saved or not session.results or session.results[-1].correct:
            raise ValueError("only an answer marked wrong can be overruled")
        last = session.results[-1]
        item = last.item
        verdict = overruled()
        day = study_day(last.at.astimezone(self.zone), self.limits.rollover_hour)

        def transition(state: CardState) -> CardState:
            return apply_review(state, item.kind, verdict.quality, day)

        regraded = self.store.overrule(saved[-1].review_id, verdict.quality, self.now(),
                                       transition)  # fmt: skip
        saved[-1] = regraded  # only once the database has taken it
        session.undo()
        session.answer(verdict.quality, verdict.correct, last.at, last.seconds)
        return Answered(item, regraded, False, session.requeued)

    def undo(self) -> Item | None:
        """Take back the last answer of this session: log and state, then the queue."""
        session = self._active()
        saved = self._saved_here()
        if not saved:
            return None
        self.store.undo(saved[-1].review_id, self.now())
        saved.pop()  # only once the database has taken the undo
        undone = session.undo()
        return undone.item if undone else None

    def suspend(self, deck_id: str, card_id: str) -> None:
        self.store.set_suspended(deck_id, card_id, True, self.now())
        if self.session is not None:
            self.session.drop(deck_id, card_id)

    def unsuspend(self, deck_id: str, card_id: str, back_into: Item | None = None) -> None:
        """Schedule a card again; ``back_into`` also puts it next in the running session."""
        self.store.set_suspended(deck_id, card_id, False, self.now())
        if back_into is not None and self.session is not None:
            self.session.put_back(back_into)

    # -- mock exams --------------------------------------------------------------------

    def start_exam(
        self,
        deck_id: str,
        questions: int = DEFAULT_QUESTIONS,
        minutes: int | None = None,
        pass_mark: int = DEFAULT_PASS,
        topic: str | None = None,
        seed: int | None = None,
    ) -> Exam:
        """A timed exam of multiple-choice and select-all cards drawn across the deck's
        topics; ``seed`` makes the draw and the order of the options repeatable."""
        deck = self._by_id[deck_id]
        index = zip(deck.cards.ids, deck.cards.topics, deck.cards.kinds, strict=True)
        pool = [(i, t) for i, t, kind in index if kind in EXAM_TYPES and topic in (None, t)]
        rng = random.Random(seed)
        chosen = [deck.card(card_id) for card_id in draw(pool, questions, rng)]
        from studytool.engine.reports import Exam, ExamQuestion

        asked = [ExamQuestion(card) for card in chosen if isinstance(card, ChoiceCard)]
        if minutes is None:
            minutes = max(1, math.ceil(len(asked) * SECONDS_PER_QUESTION / 60))
        return Exam(deck_id, topic, asked, minutes, pass_mark, f"{rng.getrandbits(64):016x}")

    def finish_exam(self, exam: Exam, seconds_used: float, timed_out: bool) -> ExamResult:
        """Score the exam, log every question as practice (the schedule does not move) and
        keep the result for `studytool exam --history`."""
        now = self.now()
        day = study_day(now.astimezone(self.zone), self.limits.rollover_hour)
        # Scored before anything is written: a save that fails leaves the score to show.
        result = score([(q.card.topic, q.right) for q in exam.questions], exam.pass_mark)
        exam.result = result
        for question in exam.questions:
            given = sorted(question.answer) if isinstance(question.answer, frozenset) else (
                question.answer)  # fmt: skip
            quality = 5 if question.right else (0 if question.answer is None else 1)
            self.store.record(
                Review(now, day, exam.deck_id, question.card.id, "practice", quality,
                       question.right, given, None, f"exam-{self._session_id or 'x'}"),
                lambda state: state,
            )  # fmt: skip
        self.store.save_exam(ExamRecord(
            at=now, deck_id=exam.deck_id, topic=exam.topic, questions=result.questions,
            correct=result.correct, pass_mark=exam.pass_mark, minutes=exam.minutes,
            seconds_used=round(seconds_used, 1), timed_out=timed_out,
            detail=tuple(ExamQuestionRecord(q.card.id, q.card.topic, q.right, q.flagged)
                         for q in exam.questions),
        ))  # fmt: skip
        return result

    def send_missed_to_review(self, exam: Exam) -> int:
        """Make every missed question's card due tomorrow; returns how many."""
        missed = [q.card.id for q in exam.questions if not q.right]
        self.store.send_to_review(exam.deck_id, missed, self.today() + timedelta(days=1),
                                  self.now())  # fmt: skip
        return len(missed)

    def exam_history(self) -> list[dict[str, Any]]:
        return self.store.exams()

    def flag(self, deck_id: str, card_id: str, note: str = "") -> None:
        """Report a card as wrong; ``studytool flags`` lists reports for the instructor."""
        self.store.flag(deck_id, card_id, note.strip(), self.now())

    def flags(self) -> list[dict[str, Any]]:
        """Every card reported as wrong, with its notes and its question (None where its
        deck is not loaded or no longer has it), by deck and card."""
        return [{**flag, "question": self.question(flag["deck_id"], flag["card_id"])}
                for flag in self.store.flags()]  # fmt: skip

    def question(self, deck_id: str, card_id: str) -> str | None:
        """What a card asks, so a list of card ids can say which question each is; None
        for a card not in the decks loaded."""
        try:
            return self._by_id[deck_id].card(card_id).question_text()
        except KeyError:
            return None

    def streak(self) -> int:
        from studytool.core.stats import streak

        return streak(self.store.review_days(), self.today())

    def topic_mastery(self, deck_id: str) -> dict[str, float]:
        """Per topic, the share of cards mastered (mature, as their scheduler says)."""
        self._ensure_synced()
        counted = {t.topic: t for t in self.store.topic_cards(deck_id)}
        return {
            topic.id: counted[topic.id].mastered / counted[topic.id].cards
            if topic.id in counted
            else 0.0
            for topic in self._by_id[deck_id].topics
        }

    def exam_plan(self, exam_day: date) -> list[tuple[str, Plan]]:
        """Per deck, whether what is not yet mastered fits before ``exam_day``."""
        self._ensure_synced()
        today = self.today()
        # The scheduler new cards start with: the unseen cards are what the plan is about.
        runway = mastery_runway(SCHEDULERS[self.store.scheduler])
        new_per_day = (self.configured or self.limits).new_per_day
        plans = []
        for deck in self.decks:
            unseen, unmastered = self.store.unfinished(deck.id)
            plans.append((deck.title, plan(exam_day, today, unseen, unmastered, new_per_day,
                                           runway)))  # fmt: skip
        return plans

    def recall_forecast(self, deck_id: str) -> Forecast | None:
        """What the candidate would recall of deck ``deck_id`` on the exam day if they
        stopped reviewing now (None without an exam date, or once it has passed)."""
        today = self.today()
        if self.exam_day is None or self.exam_day < today:
            return None
        from studytool.core.forecast import CardRecall, forecast
        from studytool.core.schedule import LoggedEvent, LoggedReview, memory_after
        from studytool.core.schedulers import FSRS, carried_recall

        model = FSRS()
        states = self.store.states(deck_id)
        logs: dict[str, tuple[list[LoggedReview], list[LoggedEvent]]] | None = None
        recalls = []
        cards = self._by_id[deck_id].cards
        for card_id, topic, kind in zip(cards.ids, cards.topics, cards.kinds, strict=True):
            state = states.get(card_id)
            memory = carried_recall(state.memory) if state else None
            if memory is None:  # kept by SM-2 alone: its FSRS memory comes from its log
                logs = self.store.logs(deck_id) if logs is None else logs
                log = logs.get(card_id)
                memory = memory_after(*log, model) if log else model.new()
            recalls.append(CardRecall(card_id, topic, kind in EXAM_TYPES,
                                      model.recall(memory, self.exam_day),
                                      memory.stability is not None))  # fmt: skip
        return forecast(recalls, self.exam_day, today, self.exam_target)

    def stats(self, deck_id: str) -> DeckStats:
        from studytool.core.stats import (
            answers_per_day,
            forecast,
            longest_streak,
            streak,
            topic_figures,
            true_retention,
        )
        from studytool.engine.reports import DeckStats, HardCard

        deck = self._by_id[deck_id]
        today = self.today()
        self._ensure_synced()
        figures = topic_figures(
            self.store.topic_cards(deck_id),
            self.store.recent_topic_answers(deck_id, today - timedelta(days=30)),
        )
        tallies = self.store.day_tallies(deck_id)
        days = self.store.review_days()
        return DeckStats(
            deck_id=deck.id,
            title=deck.title,
            today=today,
            per_day=answers_per_day(tallies),
            streak=streak(days, today),
            longest_streak=longest_streak(days),
            forecast=forecast(
                self.store.due_counts(deck_id, today + timedelta(days=FORECAST_DAYS)),
                today,
                FORECAST_DAYS,
            ),
            retention=true_retention(tallies),
            topics=[(t.name, figures[t.id]) for t in deck.topics if t.id in figures],
            hardest=[
                HardCard(t.card_id, self.question(deck_id, t.card_id), t.missed, t.asked)
                for t in self.store.hardest(deck_id)
            ],
            leeches=self.store.leeches(deck_id),
            exam=self.recall_forecast(deck_id),
            names={t.id: t.name for t in deck.topics},
        )

    def progress(self) -> Progress:
        return self._active().progress()

    @staticmethod
    def _time(session: Session) -> StudyTime:
        from studytool.core.timing import StudyTime, study_time

        """Wall time from the first card shown (its answer's moment less the seconds it
        was on screen) to the last answer, pauses left out."""
        if not session.results:
            return StudyTime(0.0, 0)
        first = session.results[0]
        shown = first.at - timedelta(seconds=first.seconds or 0.0)
        return study_time(shown, [answer.at for answer in session.results])

    def summary(self) -> Summary:
        from studytool.engine.reports import Summary, TopicSummary

        session = self._active()
        first: dict[tuple[str, str], bool] = {}
        per_topic: dict[str, list[int]] = {}
        for answer in session.results:
            key = (answer.item.deck_id, answer.item.card_id)
            topic = self.card(answer.item).topic
            counts = per_topic.setdefault(topic, [0, 0])
            counts[0] += 1
            counts[1] += answer.correct
            first.setdefault(key, answer.correct)
        tomorrow = self.today() + timedelta(days=1)
        names = {t.id: t.name for d in self.decks for t in d.topics}
        return Summary(
            answers=len(session.results),
            cards=len(first),
            correct_first_time=sum(first.values()),
            time=self._time(session),
            topics=tuple(TopicSummary(t, names.get(t, t), a, c) for t, (a, c) in per_topic.items()),
            due_tomorrow=sum(
                cards
                for deck in self.decks
                for _, cards in self.store.due_counts(deck.id, tomorrow + timedelta(days=1))
            ),
        )
