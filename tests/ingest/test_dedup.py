from storyweave.ingest.dedup import DedupConfig, containment, fingerprint, is_near_duplicate

REPORT = (
    "The harbour authority in Calderon closed two of its four container berths on Tuesday after "
    "a crane toppled onto a loading vessel during a storm. Three dock workers were taken to the "
    "regional hospital with injuries that officials described as not life-threatening. The "
    "authority said inspectors would examine the remaining cranes before the berths reopen, a "
    "process it expects to take at least a week. Shipping lines have begun diverting cargo to "
    "the smaller port of Almara, forty kilometres to the south, according to a statement."
)


def test_exact_copy_with_other_spacing_and_case_is_a_duplicate():
    a = fingerprint(REPORT)
    b = fingerprint("  " + REPORT.upper().replace(". ", ".\n\n"))
    assert a.text_hash == b.text_hash
    assert is_near_duplicate(a, b)


def test_reprint_with_other_boilerplate_and_a_changed_word_is_a_near_duplicate():
    reprint = (
        "Subscribe to our newsletter for daily updates.\n"
        + REPORT.replace("Tuesday", "Tuesday morning")
        + "\nCopyright 2026 Coastline Wire. All rights reserved."
    )
    assert is_near_duplicate(fingerprint(REPORT), fingerprint(reprint))


def test_reprint_that_cut_the_last_paragraph_is_a_near_duplicate():
    cut = REPORT.rsplit(" Shipping lines", 1)[0]
    assert is_near_duplicate(fingerprint(REPORT), fingerprint(cut))


def test_two_reports_of_the_same_event_in_own_words_are_not_duplicates():
    other = (
        "A storm brought down a crane at Calderon's port on Tuesday, injuring three workers. "
        "The port's operator shut two berths and said every crane would be checked. Cargo "
        "is already heading to Almara instead, shipping firms said, and the closure could "
        "last for more than a week according to the harbour authority's own estimate."
    )
    a, b = fingerprint(REPORT), fingerprint(other)
    assert containment(a, b) < 0.3
    assert not is_near_duplicate(a, b)


def test_very_short_texts_are_never_called_near_duplicates():
    a = fingerprint("Port closed after storm. Three hurt.")
    b = fingerprint("Port closed after storm. Four hurt.")
    assert not is_near_duplicate(a, b, DedupConfig())


def test_fingerprint_is_deterministic():
    assert (fingerprint(REPORT).signature == fingerprint(REPORT).signature).all()


def test_signatures_stay_comparable_with_stores_written_before():
    # Values computed by the MinHash that built earlier stores (datasketch 2.x, affine32 scheme,
    # crc32 shingle hashes, seed 1): a changed scheme would make every stored article look new
    # to the near-duplicate index, so reprints ingested later would no longer be marked.
    text = (
        "The port authority said on Tuesday that the crane collapse injured fourteen workers "
        "and halted traffic at the northern terminal for a day. "
    ) * 3
    print_ = fingerprint(text)
    assert print_.shingles == 23
    assert print_.signature[:8].tolist() == [
        206547843,
        116465967,
        31629025,
        130407913,
        436330070,
        218167609,
        474215016,
        82474622,
    ]
    assert int(print_.signature.sum()) == 22801557581
