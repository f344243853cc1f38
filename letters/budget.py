"""How much time and text one render of a letter template may use.

A staff template is code, and code can loop: `{% for a in 'x'*20000 %}{% for b in 'x'*20000 %}`
would hold a worker for hours, and `('a'*20000)|replace('a', 'b'*20000)` builds 400 MB. So every
render runs inside a budget: the compiled template reports each loop step, each piece of output
and each value it builds by joining text, and the render stops with a TemplateProblem (whose line
the sandbox finds from the traceback) once it passes the time or the size below. Supporters'
letters take about a millisecond to render, so the limits are far above any real letter.

Nothing here knows about Jinja beyond the code generator hook; letters.sandbox wires it in.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.filters import do_join, do_replace
from jinja2.utils import pass_eval_context

from letters.errors import TemplateProblem

__all__ = [
    "OUTPUT_CHARS",
    "RENDER_SECONDS",
    "VALUE_CHARS",
    "BudgetCodeGenerator",
    "BudgetExceeded",
    "TooSlow",
    "bounded_join",
    "bounded_replace",
    "budget",
    "check_size",
    "guard_loops",
    "nesting_problem",
    "spend",
    "tick",
]

RENDER_SECONDS = 0.25  # of CPU time; one supporter's letter renders in ~1 ms
OUTPUT_CHARS = 100_000  # a two-page letter is ~6,000 characters, a supporter's reason 1,200
VALUE_CHARS = 50_000  # the longest text or list a template may build by joining or replacing

TOO_SLOW = (
    "This part of the letter takes too long to make (more than {seconds:g} seconds for one "
    "letter). Look for a loop over something long, or loops inside loops."
)
TOO_MUCH = (
    "This part of the letter makes too much text (more than {chars:,} characters for one "
    "letter). Look for a loop that repeats text many times."
)
TOO_LONG_VALUE = (
    "This part of the letter builds a piece of text that is too long (over {chars:,} "
    "characters). Look for |replace, |join or ~ applied to long text, or repeated."
)


# The budget counts the CPU time of the rendering thread, not the wall clock: a busy machine that
# pauses a worker must not make a supporter's ordinary letter fail, while a template that loops
# spends CPU time whatever else is running.
# Reading a thread's CPU clock is a system call (microseconds), so it is read every CLOCK_EVERY
# steps: a loop step costs ~0.1 µs, so a runaway render is still stopped within a millisecond.
_clock = time.thread_time
CLOCK_EVERY = 64


@dataclass(slots=True)
class _Budget:
    deadline: float
    seconds: float
    chars: int = 0
    steps: int = 0

    def out_of_time(self) -> bool:
        self.steps += 1
        return self.steps % CLOCK_EVERY == 0 and _clock() > self.deadline


_current: ContextVar[_Budget | None] = ContextVar("letter_render_budget", default=None)


class BudgetExceeded(TemplateProblem):
    """A render that ran out of time or output (the sandbox adds the template line)."""


class TooSlow(BudgetExceeded):
    """A render that ran out of time (a busy machine can cause this once; a loop, every time)."""


@contextmanager
def budget(seconds: float = RENDER_SECONDS) -> Iterator[None]:
    """A time and output budget for one render; a tighter budget around it keeps its deadline
    (so the checks can hold a render to less time than a supporter's letter gets)."""
    deadline = _clock() + seconds
    outer = _current.get()
    if outer is not None and outer.deadline < deadline:
        deadline, seconds = outer.deadline, outer.seconds
    token = _current.set(_Budget(deadline, seconds))
    try:
        yield
    finally:
        _current.reset(token)


def tick() -> None:
    """Stop the render when its time is up (called on every loop step, call and output)."""
    spent = _current.get()
    if spent is not None and spent.out_of_time():
        raise TooSlow(TOO_SLOW.format(seconds=spent.seconds))


def spend(text: str) -> str:
    """Count `text` towards the render's output, stopping it past the size or the time."""
    spent = _current.get()
    if spent is not None:
        spent.chars += len(text)
        if spent.chars > OUTPUT_CHARS:
            raise BudgetExceeded(TOO_MUCH.format(chars=OUTPUT_CHARS))
        if spent.out_of_time():
            raise TooSlow(TOO_SLOW.format(seconds=spent.seconds))
    return text


def guard_loop(iterable: Iterable) -> Iterator:
    """A template loop's items, one budget tick per step (so empty loops are timed too)."""
    for item in iterable:
        tick()
        yield item


def check_size(size: int) -> None:
    """Refuse to build a value longer than VALUE_CHARS."""
    if size > VALUE_CHARS:
        raise BudgetExceeded(TOO_LONG_VALUE.format(chars=VALUE_CHARS))


def bounded(value: str) -> str:
    """A value built with `~`: refused past VALUE_CHARS."""
    check_size(len(value))
    return value


@pass_eval_context
def bounded_replace(eval_ctx, value, old, new, count=None):
    """The `replace` filter, refusing before it builds text longer than VALUE_CHARS."""
    text, old_text, new_text = str(value), str(old), str(new)
    times = text.count(old_text) if old_text else len(text) + 1
    if count is not None and isinstance(count, int) and count >= 0:
        times = min(times, count)
    check_size(len(text) + times * (len(new_text) - len(old_text)))
    return do_replace(eval_ctx, value, old, new, count)


@pass_eval_context
def bounded_join(eval_ctx, value, d="", attribute=None):
    """The `join` filter, refusing before it builds text longer than VALUE_CHARS."""
    items = list(guard_loop(value))
    check_size(sum(len(str(item)) for item in items) + len(str(d)) * max(len(items) - 1, 0))
    return do_join(eval_ctx, items, d, attribute)


# Blocks that nest in the compiled code; Python refuses code nested past about 20 levels, and a
# letter needs two or three, so deeper templates get a message instead of a compiler error.
_BLOCKS = (
    nodes.For, nodes.If, nodes.Macro, nodes.CallBlock, nodes.FilterBlock, nodes.With,
    nodes.AssignBlock, nodes.Scope,
)  # fmt: skip
MAX_NESTING = 8


def nesting_problem(tree: nodes.Template) -> tuple[str, int] | None:
    """(message, line) when {% %} blocks nest deeper than MAX_NESTING, else None."""
    stack: list[tuple[nodes.Node, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, _BLOCKS):
            depth += 1
            if depth > MAX_NESTING:
                message = (
                    f"The {{% %}} parts here are nested more than {MAX_NESTING} deep; "
                    "please simplify (a letter rarely needs more than two or three)."
                )
                return message, node.lineno
        stack.extend((child, depth) for child in node.iter_child_nodes())
    return None


def guard_loops(tree: nodes.Template) -> None:
    """Make every {% for %} in `tree` step through guard_loop, so its time is counted."""
    for loop in list(tree.find_all(nodes.For)):
        loop.iter = nodes.Call(
            nodes.EnvironmentAttribute("budget_loop"), [loop.iter], [], None, None,
            lineno=loop.iter.lineno,
        )  # fmt: skip


class BudgetCodeGenerator(CodeGenerator):
    """Jinja's code generator, with the template's own text counted as output and `~` bounded.

    The template's static text is written straight into the compiled code, never through
    `finalize`, so without this a loop could repeat a long paragraph without limit.
    """

    def _output_const_repr(self, group: Iterable) -> str:
        return f"environment.budget_spend({super()._output_const_repr(group)})"

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.budget_bounded(")
        super().visit_Concat(node, frame)
        self.write(")")
