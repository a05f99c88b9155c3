"""The one schema of the report's tables: every table, its columns (name, type, description, allowed
values), its primary key and its foreign keys.

Everything about the tables that a reader needs is derived from :data:`TABLES`: the keys checked
before writing (:data:`analysis.output.tables.TABLE_KEYS`), ``datapackage.json`` (Frictionless Data
Package), ``docs/data_dictionary.md`` and the Stata labels (:mod:`analysis.output.package`,
:mod:`analysis.output.stata`). A table written with a column that the schema does not describe, or
without one that it does, stops the report (:func:`analysis.output.fields.check_columns`).

To add a column: one ``Field`` line in its table, in the table's column order. To add a table: one
``Table`` entry. A field's ``description`` opens with a short label (its first sentence, at most 80
characters: the Stata variable label). ``values`` names a code list of
:data:`analysis.output.fields.CODE_LISTS`, read from the data files (acts, themes, ...). A field with
``each`` stands for one column per value of that code list (``share_{value}``). A field with
``only="reviewed"`` is there only in a ``report --reviewed`` run. A field with ``interval=True`` is
followed by its bootstrap interval, ``<name>_ci_low`` and ``<name>_ci_high``. Types are Frictionless types:
``string``, ``integer``, ``number``, ``boolean``, ``date``.
"""

from __future__ import annotations

from analysis.output.schema_types import B, D, I, N, S, Field, ForeignKey, Table
from analysis.output.schema_types import foreign_key as _fk

__all__ = ["B", "D", "I", "N", "S", "Field", "ForeignKey", "Table", "TABLES"]

_LIST = "Convenience column: a ';'-joined list for reading; the long table {} holds one row per item."

# Columns shared by many tables, named once.
DOCUMENT = Field("document", S, "Document id: DOCEO id and language (TA-9-2021-0056_BG). The resolution's "
                 "file as compared; joins every table of one report run.")
YEAR = Field("year", I, "Year of adoption. From the registry.")
LABEL = Field("label", S, "Resolution label: its year, with a letter when a year has several (2012a).")
NUMBER = Field("number", S, "Paragraph number as printed (1, 12a). A string by design: numbers like 12a "
               "exist; sort by position, not by number.")
ORDER = Field("order", I, "Order of the verb phrase in its paragraph (1 = the first found). It is the head "
              "verb only where it opens the paragraph: see the paragraph table's head_verb. With document and "
              "number, the phrase's key.")
LANGUAGE = Field("language", S, "Language of the text (ISO 639-1).", values="languages")
THEME = Field("theme", S, "Theme id. From data/taxonomy/themes.csv.", values="themes")
ACT = Field("act", S, "Speech act of the head verb. From data/taxonomy/acts.csv; unclassified when the "
            "opening phrase is not in the lexicon.", values="acts")
STRENGTH = Field("strength", N, "Strength of the head verb (0-5). The codebook's scale (codebook_verbs §6); "
                 "empty when unclassified.")
MAX_STRENGTH = Field("max_strength", N, "Strongest verb phrase of the paragraph (0-5). Over all its phrases, "
                     "not only the head verb.")
CODE_SOURCE = Field("code_source", S, "Who coded the row: machine or reviewed. Only in report --reviewed "
                    "runs.", values="code_sources", only="reviewed")
STRENGTH_STATS = (
    Field("n_strength", I, "Paragraphs with a scored head verb. Procedural acts are not scored."),
    Field("strength_mean", N, "Mean head-verb strength. Over the scored paragraphs (head verbs only).",
          interval=True),
)
MAX_STRENGTH_STATS = (
    Field("n_max_strength", I, "Paragraphs with a scored strongest phrase. Over all phrases."),
    Field("max_strength_mean", N, "Mean strongest-phrase strength. All-phrase measure (max_strength).",
          interval=True),
)
HEAD_VERB_LABEL = Field("head_verb_label", S, "Head verb in the report's label language. English concept "
                        "label with --labels en (data/lexicons/concepts.csv).")
ACT_LABEL = Field("act_label", S, "Label of the act. From data/taxonomy/acts.csv.")
THEME_LABEL = Field("theme_label", S, "Label of the theme in the report's label language. From the taxonomy.")

TABLES: tuple[Table, ...] = (
    Table("availability", "Every registry resolution and every file on disk, and whether it is compared.", (
        YEAR, Field("date", D, "Date of adoption. From the registry."),
        Field("doceo_id", S, "DOCEO id of the adopted text (TA-9-2021-0056). From the registry."),
        Field("ta_reference", S, "Official reference of the adopted text (P9_TA(2021)0056)."),
        Field("title_en", S, "English title. From the registry."),
        Field("file", S, "File on disk, relative to the raw folder. Empty for a resolution with no file."),
        Field("language", S, "Language suffix of the file's name (BG). Empty with no file."),
        Field("status", S, "Whether the file is compared, and if not, why. See corpus.admission.STATUSES.",
              values="statuses"),
        Field("reason", S, "The reason for the status, in words."),
    ), key=("doceo_id", "file")),
    Table("warnings", "What the parser noticed in a document (numbering gaps, odd units).", (
        DOCUMENT, Field("warning", S, "The parser's warning, in words."),
    ), foreign=(_fk("document", "resolutions"),)),
    Table("coverage", "How much of each document the lexicon and the theme classifier cover.", (
        DOCUMENT, LANGUAGE,
        Field("n_paragraphs", I, "Operative paragraphs."),
        Field("n_head_verb", I, "Paragraphs whose head verb the lexicon knows."),
        Field("share_head_verb", N, "Share of paragraphs with a known head verb (0-1)."),
        Field("n_theme", I, "Paragraphs with at least one theme. Empty when themes were not classified."),
        Field("share_theme", N, "Share of paragraphs with at least one theme (0-1)."),
        Field("n_uncovered", I, "Paragraphs no theme covers (marked uncovered). Empty when themes were not "
              "classified; n_theme + n_uncovered = n_paragraphs."),
        Field("unknown_openings", S, "Openings the lexicon does not know. ';'-joined, in text order."),
        Field("unknown_after_connective", S, "Unknown verbs after a connective. ';'-joined, in text order."),
        Field("below_threshold", B, "A share falls below data/lexicons/coverage.toml's thresholds."),
    ), key=("document",), foreign=(_fk("document", "resolutions"),)),
    Table("resolutions", "The resolutions compared, in chronological order, with their labels.", (
        DOCUMENT, YEAR, Field("date", D, "Date of adoption. From the registry; from the document where the "
                              "registry does not list it."),
        Field("reference", S, "Official reference (P9_TA(2021)0056). From the registry; from the document "
                              "where the registry does not list it."),
        LABEL,
    ), key=("document",)),
    Table("units", "Every unit of every document: citations, recitals, paragraphs, footnotes, headings.", (
        DOCUMENT, Field("position", I, "Position of the unit in its document (0 = first). Sorts units "
                        "in document order."),
        Field("kind", S, "Kind of unit: citation, recital, paragraph, footnote or heading.", values="unit_kinds"),
        Field("label", S, "The unit's label as printed: a dash, a letter (recital), a number (paragraph)."),
        Field("text", S, "Text of the unit. Footnote call-outs removed."),
        Field("footnotes", S, "Footnotes called in the unit. ';'-joined footnote numbers."),
        Field("reference", S, "Official reference of the document."),
        Field("date", D, "Date of the document."), LANGUAGE,
    ), key=("document", "position"), foreign=(_fk("document", "resolutions"),)),
    Table("paragraphs", "One row per operative paragraph: its text, head verb, act, strength and themes.", (
        DOCUMENT, NUMBER,
        Field("position", I, "Position of the paragraph among its document's units. Sortable (12a after 12); "
              "joins units."),
        Field("head_verb", S, "Head verb phrase, as in the lexicon. Empty when unclassified."),
        HEAD_VERB_LABEL,
        Field("concept", S, "Concept key of the head verb. One code per phrase in every language "
              "(codebook_verbs §5.8).", values="concepts"),
        Field("verbs", S, "Verb phrases of the paragraph, in order. " + _LIST.format("verbs"), convenience=True),
        Field("strengths", S, "Strengths of the verb phrases, in order. " + _LIST.format("verbs"),
              convenience=True),
        ACT, ACT_LABEL, STRENGTH,
        Field("addressees", S, "Addressees of the paragraph's directives. " + _LIST.format("addressees"),
              convenience=True),
        Field("themes", S, "Themes of the paragraph, in taxonomy order. uncovered when the classifier found none "
              "(codebook_themes §3); empty only when themes were not classified. " + _LIST.format("themes"),
              convenience=True),
        Field("acts", S, "Acts of the verb phrases, in order. " + _LIST.format("verbs"), convenience=True),
        MAX_STRENGTH,
        Field("modifiers", S, "Modifiers of the verb phrases (again, also). " + _LIST.format("verbs"),
              convenience=True),
        Field("addressee_groups", S, "Groups of the paragraph's addressees. " + _LIST.format("addressees"),
              convenience=True),
        Field("unclassified", S, "Opening words when the head verb is unknown. Empty otherwise."),
        LANGUAGE, Field("text", S, "Text of the paragraph. Footnote call-outs removed."), CODE_SOURCE,
    ), key=("document", "number"),
        foreign=(_fk("document", "resolutions"), _fk("document position", "units"))),
    Table("verbs", "One row per operative verb phrase (long table).", (
        DOCUMENT, NUMBER, ORDER,
        Field("phrase", S, "Verb phrase, as in the lexicon (data/lexicons/verbs.csv)."),
        Field("phrase_label", S, "Verb phrase in the report's label language. English concept label with "
              "--labels en."),
        Field("concept", S, "Concept key of the phrase. Same code in every language.", values="concepts"),
        Field("surface", S, "The phrase as written in the text."),
        Field("act", S, "Speech act of the phrase. From data/taxonomy/acts.csv.", values="acts"),
        ACT_LABEL,
        Field("intensity", I, "Intensity of the phrase within its act. From the lexicon."),
        Field("strength", N, "Strength of the phrase (0-5). The codebook's scale (codebook_verbs §6)."),
        Field("modifiers", S, "Modifiers of the phrase. ';'-joined."),
        Field("addressees", S, "Addressees of the phrase. " + _LIST.format("addressees"), convenience=True),
        Field("addressee_groups", S, "Groups of the addressees. " + _LIST.format("addressees"), convenience=True),
        Field("start", I, "Character offset where the phrase starts in the paragraph's text."),
        Field("end", I, "Character offset where the phrase ends (exclusive).", stata="end_char"),
        CODE_SOURCE,
    ), key=("document", "number", "order"), foreign=(_fk("document number", "paragraphs"),)),
    Table("addressees", "One row per (verb phrase, addressee) (long table).", (
        DOCUMENT, NUMBER, ORDER,
        Field("addressee", S, "Addressee id. From data/lexicons/addressees.csv.", values="addressees"),
        Field("group", S, "Addressee group. From data/lexicons/addressees.csv.", values="addressee_groups"),
        CODE_SOURCE,
    ), key=("document", "number", "order", "addressee"), foreign=(_fk("document number order", "verbs"),)),
    Table("themes", "One row per (paragraph, theme) (long table), in taxonomy order.", (
        DOCUMENT, NUMBER,
        Field("theme", S, "Theme id, or uncovered. From data/taxonomy/themes.csv; uncovered is the one row of a "
              "paragraph in which the classifier found no theme.", values="themes_or_uncovered"),
        THEME_LABEL, CODE_SOURCE,
    ), key=("document", "number", "theme"), foreign=(_fk("document number", "paragraphs"),)),
    Table("structure", "Size of each resolution: units of each kind and words.", (
        DOCUMENT, YEAR, LABEL,
        Field("citations", I, "Citations (the 'having regard to' lines)."),
        Field("recitals", I, "Recitals."), Field("paragraphs", I, "Operative paragraphs."),
        Field("footnotes", I, "Footnotes."), Field("words", I, "Words in all units."),
    ), key=("document",), foreign=(_fk("document", "resolutions"),)),
    Table("verb_profile", "Head-verb profile of each resolution: act shares and strength.", (
        DOCUMENT, YEAR, LABEL, Field("n_paragraphs", I, "Operative paragraphs."),
        Field("share_{value}_head", N, "Share of paragraphs with head act {value} (0-1). Head verbs only.",
              each="acts", interval=True),
        Field("n_phrases", I, "Verb phrases in the resolution. All phrases, not only head verbs."),
        Field("share_{value}_phrases", N, "Share of all verb phrases with act {value} (0-1). All phrases.",
              each="phrase_acts", interval=True),
        *STRENGTH_STATS,
        Field("strength_median", N, "Median head-verb strength. Over the scored paragraphs."),
        Field("strength_max", N, "Highest head-verb strength."),
        *MAX_STRENGTH_STATS,
        Field("n_directive", I, "Paragraphs whose head act is directive."),
        Field("share_directive_{value}", N, "Share of directive paragraphs addressing {value} (0-1). A paragraph "
              "may address several groups.", each="directive_groups", interval=True),
        Field("n_unclassified", I, "Paragraphs whose head verb the lexicon does not know."),
    ), key=("document",), foreign=(_fk("document", "resolutions"),)),
    Table("strongest_paragraphs", "The strongest paragraphs of each resolution, ranked.", (
        DOCUMENT, YEAR, LABEL, Field("rank", I, "Rank within the resolution (1 = strongest)."), NUMBER,
        Field("head_verb", S, "Head verb phrase."), HEAD_VERB_LABEL, ACT, ACT_LABEL, STRENGTH, MAX_STRENGTH,
        Field("addressees", S, "Addressees. " + _LIST.format("addressees"), convenience=True),
        Field("themes", S, "Themes. " + _LIST.format("themes"), convenience=True),
    ), key=("document", "rank"), foreign=(_fk("document number", "paragraphs"),)),
    Table("theme_matrix", "Paragraphs coding each theme, per resolution (wide: one column per theme).", (
        Field("resolution", S, "Resolution label (2021, 2012a). Joins resolutions.label."),
        Field("{value}", I, "Paragraphs coding theme {value}.", each="themes"),
        Field("uncovered", I, "Paragraphs no theme covers. Marked uncovered; counted beside the themes."),
    ), key=("resolution",), foreign=(_fk("resolution", "resolutions", "label"),)),
    Table("theme_dynamics", "When each theme appears across the resolutions.", (
        THEME, THEME_LABEL,
        Field("first_year", I, "Year of its first appearance. Empty when absent."),
        Field("last_year", I, "Year of its last appearance. Empty when absent."),
        Field("n_present", I, "Resolutions coding the theme."),
        Field("years_present", S, "Labels of the resolutions coding it. ';'-joined."),
        Field("status", S, "Pattern over time: absent, single, persistent, new, dropped, intermittent.",
              values="theme_statuses"),
    ), key=("theme",)),
    Table("theme_strength", "Head-verb strength of the paragraphs coding each theme, per resolution.", (
        DOCUMENT, YEAR, LABEL, THEME, THEME_LABEL, Field("n_paragraphs", I, "Paragraphs coding the theme."),
        *STRENGTH_STATS, *MAX_STRENGTH_STATS,
        Field("few_paragraphs", B, "Too few scored paragraphs to rank. Below themes.min_paragraphs of "
              "data/config/robustness.toml; shown, never ranked."),
        Field("rank", I, "Rank of the theme within the resolution by strength_mean (1 = strongest). Empty "
              "when few_paragraphs."),
    ), key=("document", "theme"), foreign=(_fk("document", "resolutions"),)),
    Table("reuse_pairs", "Pairs of paragraphs of different resolutions with similar wording.", (
        Field("doc_a", S, "Document of the earlier paragraph."), Field("number_a", S, "Its paragraph number."),
        Field("year_a", I, "Its year."), Field("doc_b", S, "Document of the later paragraph."),
        Field("number_b", S, "Its paragraph number."), Field("year_b", I, "Its year."),
        Field("similarity", N, "Similarity of the two texts (0-1)."),
        Field("text_a", S, "Text of the earlier paragraph: its first 200 characters."),
        Field("text_b", S, "Text of the later paragraph: its first 200 characters."),
    ), key=("doc_a", "number_a", "doc_b", "number_b"),
        foreign=(_fk("doc_a number_a", "paragraphs", "document number"),
                 _fk("doc_b number_b", "paragraphs", "document number"))),
    Table("people", "People named in each resolution.", (
        DOCUMENT, YEAR, LABEL, Field("person", S, "Name as written in the text."),
        Field("count", I, "Times named in the resolution."),
    ), key=("document", "person"), foreign=(_fk("document", "resolutions"),)),
    Table("people_recurrence", "Each person named: in which resolutions, first and last.", (
        Field("person", S, "Name as written in the text."),
        Field("n_resolutions", I, "Resolutions naming the person."),
        Field("years", S, "Labels of those resolutions. ';'-joined."),
        Field("first_year", I, "Year first named."), Field("last_year", I, "Year last named."),
        Field("total_count", I, "Times named in all resolutions."),
        Field("status", S, "Pattern over time: recurring, dropped, new or single.", values="person_statuses"),
    ), key=("person",)),
    Table("sensitivity", "The resolutions ranked by head-verb strength on other reasonable scales.", (
        DOCUMENT, YEAR, LABEL,
        Field("scale", S, "Strength scale. From data/config/robustness.toml (codebook_verbs §6.5).",
              values="scales"),
        Field("scale_label", S, "What the scale is, in words."),
        Field("n_scored", I, "Paragraphs with a scored head verb."),
        Field("score", N, "Mean head-verb value on the scale. Values per act and strength in "
              "data/taxonomy/scales.csv.", interval=True),
        Field("rank", I, "Rank of the resolution on the scale (1 = most pressure)."),
        Field("rank_default", I, "Rank of the resolution on the default (codebook) scale."),
        Field("rank_changed", B, "The rank on this scale differs from the default rank."),
    ), key=("document", "scale"), foreign=(_fk("document", "resolutions"),)),
    # The cross-language check of the coding (#15): written only when another language version of a
    # compared resolution is on disk (analysis.compare.crosscheck.versions_table).
    Table("crosscheck", "Each compared resolution against its other language versions, paragraph by paragraph.", (
        Field("document", S, "Document id of the version compared (the reference). Joins resolutions and "
              "paragraphs."),
        Field("language", S, "Language of the other version.", values="languages"), NUMBER,
        Field("reference_language", S, "Language of the version compared.", values="languages"),
        Field("n_phrases", I, "Verb phrases of the paragraph in the other version."),
        Field("reference_n_phrases", I, "Verb phrases of the paragraph in the version compared."),
        Field("concepts", S, "Concept keys of the phrases, in order, in the other version. ';'-joined."),
        Field("reference_concepts", S, "Concept keys of the phrases in the version compared. ';'-joined."),
        Field("acts", S, "Acts of the phrases, in order, in the other version. ';'-joined."),
        Field("reference_acts", S, "Acts of the phrases in the version compared. ';'-joined."),
        Field("head_strength", N, "Head-verb strength in the other version. Empty when unclassified."),
        Field("reference_head_strength", N, "Head-verb strength in the version compared."),
        Field("same_phrases", B, "Same number of verb phrases in both versions."),
        Field("same_concepts", B, "Same concept keys in the same order."),
        Field("same_acts", B, "Same acts in the same order."),
        Field("same_strength", B, "Same head-verb strength (both empty counts as same)."),
        Field("agree", B, "All four checks hold. The share of rows that agree is the agreement rate; below "
              "min_crosscheck_agreement of data/lexicons/coverage.toml the report warns."),
        Field("head_phrase", S, "Head phrase as written in the other version (opening words if none)."),
        Field("reference_head_phrase", S, "Head phrase as written in the version compared."),
    ), key=("document", "language", "number"),
        foreign=(_fk("document", "resolutions"), _fk("document number", "paragraphs"))),
    Table("cited_resolutions", "Earlier resolutions that each resolution cites.", (
        DOCUMENT, YEAR, Field("cited_year", I, "Year of the cited resolution."),
        Field("cited_reference", S, "Reference of the cited resolution (P7_TA(2009)0023)."),
        Field("cited_date", D, "Date of the cited resolution."),
    ), key=("document", "cited_reference"), foreign=(_fk("document", "resolutions"),)),
)

# --- group motions against the adopted text (#14); written only when motions are on disk --------
MOTION = Field("motion", S, "The group motion's file as compared (B-9-2021-0079_BG). Its key.")
MOTION_REFERENCE = Field("reference", S, "Official reference of the motion (B9-0079/2021).")
GROUP = Field("group", S, "Political group(s) tabling the motion. From its page; ';'-joined if several.")
MOTION_TABLES: tuple[Table, ...] = (
    Table("motion_paragraphs", "One row per operative paragraph of a group motion: does it survive "
          "into the adopted text? Only when motions are on disk.", (
        Field("document", S, "The adopted text compared (TA-9-2021-0056_BG). Joins resolutions."),
        MOTION, MOTION_REFERENCE, GROUP, NUMBER,
        Field("matched_number", S, "Adopted paragraph it survives as. Its most similar paragraph at "
              "min_similarity or above (data/config/motions.toml); empty if none."),
        Field("similarity", N, "Similarity to the most similar adopted paragraph (0-1). TF-IDF character "
              "3-5-gram cosine (compare.reuse); also below the threshold."),
        Field("strength_motion", N, "Head-verb strength in the motion (0-5). Empty when unclassified."),
        Field("strength_adopted", N, "Head-verb strength of the matched adopted paragraph (0-5). Empty when "
              "not adopted or unclassified."),
        Field("strength_change", N, "Adopted minus motion head-verb strength. Negative: said more weakly "
              "in the adopted text."),
        Field("outcome", S, "What became of the paragraph: stronger, same, weaker, unscored, not_adopted.",
              values="motion_outcomes"),
        Field("themes", S, "Themes of the motion paragraph, in taxonomy order. ';'-joined."),
        Field("themes_dropped", S, "Its themes that no adopted paragraph codes. ';'-joined."),
        Field("text", S, "Text of the motion paragraph."),
    ), key=("motion", "number"), foreign=(_fk("document", "resolutions"),)),
    Table("motion_groups", "One row per group motion: how much of it survives into the adopted text. "
          "Only when motions are on disk.", (
        Field("document", S, "The adopted text compared. Joins resolutions."),
        MOTION, MOTION_REFERENCE, GROUP,
        Field("n_paragraphs", I, "Operative paragraphs of the motion. The forwarding clause left out."),
        Field("n_survived", I, "Paragraphs that survive into the adopted text. Similarity at or above "
              "the threshold."),
        Field("share_survived", N, "Share of its paragraphs that survive (0-1)."),
        Field("n_stronger", I, "Surviving paragraphs with a stronger head verb in the adopted text."),
        Field("n_same", I, "Surviving paragraphs with a head verb of the same strength."),
        Field("n_weaker", I, "Surviving paragraphs with a weaker head verb in the adopted text."),
        Field("n_strength_change", I, "Surviving paragraphs with both head verbs scored."),
        Field("strength_change_mean", N, "Mean change of head-verb strength (adopted minus motion). Over "
              "n_strength_change paragraphs."),
        Field("themes_motion", S, "Themes of the motion, in taxonomy order. ';'-joined."),
        Field("themes_dropped", S, "Themes of the motion that no adopted paragraph codes. ';'-joined."),
    ), key=("motion",), foreign=(_fk("document", "resolutions"),)),
)
TABLES = (*TABLES, *MOTION_TABLES)
