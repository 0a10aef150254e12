"""The sealed box's cryptography and encodings (``voting/sealing.py``), with no database."""

import json
from itertools import combinations

import pytest

from chuangxian.voting import sealing

# A fixed share, so that every typo below is checked against the same code on every run.
SHARE = bytes(range(3, 3 + sealing.SECRET_BYTES))
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def test_a_share_code_round_trips_for_every_number_and_reads_as_eight_groups_of_four():
    for index in (1, 2, 7, 255):
        code = sealing.share_code(index, SHARE)
        groups = code.split("-")
        assert len(groups) == 8 and all(len(g) == 4 for g in groups[:-1]) and len(groups[-1]) == 3
        assert sealing.share_parse(code) == (index, SHARE)
    value = bytes(16)  # leading zeros survive
    assert sealing.share_parse(sealing.share_code(1, value)) == (1, value)


def test_a_share_code_forgives_case_spaces_and_the_look_alike_letters():
    code = sealing.share_code(2, SHARE)
    typed = code.lower().replace("-", " ")
    assert sealing.share_parse(typed) == (2, SHARE)
    assert sealing.share_parse(f"  {code.replace('-', '')}  ") == (2, SHARE)
    assert "0" in code or "1" in code
    look_alikes = code.replace("0", "O").replace("1", "I")
    assert sealing.share_parse(look_alikes) == (2, SHARE)
    assert sealing.share_parse(code.replace("1", "l")) == (2, SHARE)


def test_the_check_catches_every_single_character_typo_and_every_swap():
    code = sealing.share_code(3, SHARE).replace("-", "")
    typos = [
        code[:i] + other + code[i + 1 :]
        for i, char in enumerate(code)
        for other in CROCKFORD
        if other != char
    ]
    typos += [
        code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        for i in range(len(code) - 1)
        if code[i] != code[i + 1]
    ]
    assert len(typos) > 900
    for typo in typos:
        with pytest.raises(sealing.SealingError) as caught:
            sealing.share_parse(typo)
        assert caught.value.code == "malformed"


@pytest.mark.parametrize("text", ["", "ABCD-1234", "U" * 31, sealing.share_code(1, SHARE) + "0", "Z" * 31])
def test_what_is_not_a_share_code_is_malformed(text):
    with pytest.raises(sealing.SealingError) as caught:
        sealing.share_parse(text)
    assert caught.value.code == "malformed"


def test_any_threshold_of_shares_rebuilds_the_secret_and_each_share_has_its_own_check():
    secret, shares = sealing.split(3, 5)
    assert [index for index, _ in shares] == [1, 2, 3, 4, 5]
    for chosen in combinations(shares, 3):
        assert sealing.combine(list(chosen)) == secret
    for chosen in combinations(shares, 2):  # below the threshold: not the secret
        assert sealing.combine(list(chosen)) != secret
    salt = b"s" * 16
    checks = {sealing.share_check(salt, index, share) for index, share in shares}
    assert len(checks) == 5
    assert sealing.share_check(b"t" * 16, *shares[0]) != sealing.share_check(salt, *shares[0])


def test_the_default_threshold_is_a_majority_and_at_least_two():
    assert [sealing.majority(n) for n in (2, 3, 4, 5, 6, 7)] == [2, 2, 3, 3, 4, 4]


def test_a_wrapped_key_opens_only_with_its_wrapping_key():
    _public, private = sealing.new_keypair()
    key = sealing.wrapping_key_from_secret(b"x" * 16)
    wrapped = sealing.wrap(private, key)
    assert sealing.unwrap(wrapped, key) == private
    with pytest.raises(sealing.SealingError) as caught:
        sealing.unwrap(wrapped, sealing.wrapping_key_from_secret(b"y" * 16))
    assert caught.value.code == "wrong_key"


QUESTIONS = [(11, [101, 102, 103, 104, 105]), (12, []), (13, [131, 132])]


def _every_ballot():
    """Every combination of marks the questions above allow, and the blank ballot."""
    yield "blank", []
    for q1 in range(2**5):
        for q2 in (None, "yes", "no", "abstain"):
            for q3 in range(3**2):
                marks = [[11, o, "yes"] for bit, o in enumerate(QUESTIONS[0][1]) if q1 >> bit & 1]
                if q2:
                    marks.append([12, None, q2])
                for position, option in enumerate(QUESTIONS[2][1]):
                    mark = (None, "yes", "no")[q3 // 3**position % 3]
                    if mark:
                        marks.append([13, option, mark])
                yield "valid", marks


def test_the_pad_size_covers_the_longest_ballot_so_every_ciphertext_has_one_length():
    size = sealing.ballot_pad_size(QUESTIONS)
    assert size % 64 == 0
    public, private = sealing.new_keypair()
    opener = sealing.opener(private)
    lengths = set()
    for number, (kind, marks) in enumerate(_every_ballot()):
        plaintext = sealing.ballot_plaintext(kind, marks, size)
        assert len(plaintext) == size
        if number % 97 == 0:  # sealing all 1,153 would only repeat the same length
            sealed = sealing.seal(public, plaintext)
            lengths.add(len(sealed))
            assert sealing.ballot_open(opener, sealed) == {"k": kind, "m": sorted(marks, key=str)}
    assert lengths == {size + 48}
    # The longest ballot the questions allow (every option marked, the longest mark) fits; more does not.
    longest = [[q, o, "abstain"] for q, options in QUESTIONS for o in (options or [None])]
    assert len(sealing.ballot_plaintext("valid", longest, size)) == size
    with pytest.raises(ValueError, match="longer than"):
        sealing.ballot_plaintext("valid", [*longest, [9999999, 9999999, "abstain"]] * 2, size)


def test_a_ballot_that_does_not_open_is_corrupt_and_the_tracker_is_the_ciphertexts_hash():
    public, private = sealing.new_keypair()
    sealed = sealing.seal(public, sealing.ballot_plaintext("valid", [[1, None, "yes"]], 64))
    other = sealing.opener(sealing.new_keypair()[1])
    for box, data in ((other, sealed), (sealing.opener(private), sealed[:-1] + bytes([sealed[-1] ^ 1]))):
        with pytest.raises(sealing.SealingError) as caught:
            sealing.ballot_open(box, data)
        assert caught.value.code == "corrupt"
    not_a_ballot = sealing.seal(public, json.dumps([1, 2]).encode())
    with pytest.raises(sealing.SealingError):
        sealing.ballot_open(sealing.opener(private), not_a_ballot)
    tracker = sealing.tracker(sealed)
    assert len(tracker) == 14 and tracker == sealing.tracker(bytes(sealed))
    assert tracker != sealing.tracker(
        sealing.seal(public, sealing.ballot_plaintext("valid", [[1, None, "yes"]], 64))
    )
