from seq2seq_desktop.core.generators import run_to_end


def _job(n):
    yield from range(n)
    return f"done after {n}"


def test_run_to_end_returns_the_generators_value():
    assert run_to_end(_job(3)) == "done after 3"
    assert run_to_end(_job(0)) == "done after 0"


def test_run_to_end_drains_every_yield_and_returns_none_without_a_return():
    seen = []

    def job():
        for i in range(4):
            seen.append(i)
            yield i

    assert run_to_end(job()) is None
    assert seen == [0, 1, 2, 3]

