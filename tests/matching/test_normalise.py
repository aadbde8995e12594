from workbench.matching.normalise import normalise_claim

TWEET = (
    "Trump needs to comply with the emoluments clause. #ImpeachTrump https://t.co/zwLPPXniQh "
    "pic.twitter.com/3S32De8ekP cc @dmedin11 &amp; friends — Ilhan Omar (@IlhanMN) January 6, 2020"
)


def test_a_tweet_loses_links_handles_signature_and_hashtag_signs() -> None:
    text = normalise_claim(TWEET)
    assert text == (
        "Trump needs to comply with the emoluments clause. Impeach Trump cc dmedin 11 & friends "
        "Ilhan Omar"
    )


def test_the_author_can_be_dropped_with_the_signature() -> None:
    assert normalise_claim(TWEET, keep_author=False).endswith("& friends")


def test_handles_and_glued_hashtags_become_words() -> None:
    text = normalise_claim("Thanks @realDonaldTrump!#MAGA#BuildTheWall, mail me@example.org")
    assert text == "Thanks real Donald Trump ! MAGA Build The Wall , mail me@example.org"


def test_the_same_claim_quoted_two_ways_is_one_text() -> None:
    assert normalise_claim('Olive Garden is "funding Trump’s re-election."') == normalise_claim(
        "Olive Garden is 'funding Trump's re-election.'"
    )


def test_a_link_glued_to_a_hashtag_goes_and_numbers_split_from_words() -> None:
    text = normalise_claim("The US drone attack.#IranUsa2020pic.twitter.com/TvRkHvlgby")
    assert text == "The US drone attack. Iran Usa 2020"


def test_a_plain_sentence_only_has_its_spacing_collapsed() -> None:
    sentence = "The Brooklyn Bridge opened in 1883 — ten years after work began."
    assert normalise_claim(sentence) == sentence
    assert normalise_claim('He said "no".') == "He said 'no'."
    assert normalise_claim("  two\n lines ") == "two lines"
    assert normalise_claim("") == ""
