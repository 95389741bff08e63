"""French quotes and their speakers on sentences written for these tests: general mechanisms of
attribution (transcript lines, adverbials between subject and verb, fixed phrases that report
nothing), each checked on the quotes stage alone."""

from __future__ import annotations

from veille import extract
from veille.document import Document
from veille.ingest.article import Article
from veille.pipeline import get_nlp
from veille.stages import quotes as quotes_stage


def run_quotes(text: str) -> tuple[Document, list]:
    art = Article.build(text)
    doc = Document(article=art, lang="fr", doc=get_nlp("fr")(art.text))
    quotes_stage.run(doc)
    return doc, doc.quotes


def only(qs, fragment: str):
    found = [q for q in qs if fragment in q.text]
    assert len(found) == 1, [(q.text, q.speaker) for q in qs]
    return found[0]


def test_transcript_lines_take_the_name_before_their_colon():
    text = (
        "Le débat a porté sur la réforme des retraites, lors d'une émission de radio.\n\n"
        "--- Pauline Marchand : « Est-ce que vous voterez ce texte au Parlement la semaine prochaine ? »\n\n"
        "--- Arnaud Delcourt : « Non. Je ne voterai pas un texte qui abîme les salariés. »\n\n"
        "--- Pauline Marchand, journaliste à France Culture : « Même si le gouvernement recule sur l'âge ? »\n\n"
        "--- Arnaud Delcourt : « Même dans ce cas, le compte n'y est pas. »"
    )
    _, qs = run_quotes(text)
    assert only(qs, "Je ne voterai pas").speaker == "Arnaud Delcourt"
    assert only(qs, "Même si le gouvernement").speaker == "Pauline Marchand"
    assert only(qs, "le compte n'y est pas").speaker == "Arnaud Delcourt"


def test_a_colon_label_that_names_nobody_gives_no_speaker():
    text = (
        "Les syndicats ont manifesté mardi à Lyon contre la fermeture de l'usine.\n\n"
        "Le bilan : « plusieurs centaines de postes supprimés ».\n\n"
        "Le secrétaire départemental du syndicat : « Nous ne lâcherons rien, la direction doit revenir à la table. »"
    )
    _, qs = run_quotes(text)
    assert not [q for q in qs if "centaines de postes" in q.text and q.speaker]
    assert only(qs, "Nous ne lâcherons rien").speaker


def test_an_adverbial_between_subject_and_verb_is_neither_speaker_nor_part_of_it():
    text = (
        "Le maire de la commune a salué l'ouverture du chantier. Les riverains, quant à eux, ont déclaré "
        "lundi : « Nous n'avons jamais été consultés sur ce projet. »"
    )
    _, qs = run_quotes(text)
    q = only(qs, "jamais été consultés")
    assert q.speaker == "Les riverains"


def test_a_verb_inside_a_fixed_phrase_reports_nothing():
    text = (
        "La mairie a réagi dans la soirée. « La commune déposera une plainte auprès du procureur », "
        "c'est-à-dire un signalement d'infraction pénale."
    )
    _, qs = run_quotes(text)
    assert not [q for q in qs if q.verb == "dire"]
    assert not [q for q in qs if q.speaker and "signalement" in q.speaker]


def test_one_of_a_group_is_a_description_not_a_number():
    text = (
        "La délégation est rentrée vendredi de Grèce. « Cet enseignant d'Alep était désespéré, il n'avait "
        "plus rien », observe un des parlementaires, encore ému."
    )
    _, qs = run_quotes(text)
    assert only(qs, "Cet enseignant d'Alep").speaker == "un des parlementaires"


def test_a_first_name_gives_its_gender_to_pronoun_and_description_agreement():
    text = (
        "Jean-Luc Mélenchon a longuement répondu sur la Russie. Léa Salamé a ensuite interrogé le candidat sur "
        "la Syrie pendant l'émission.\n\n"
        "A la fin de l'échange, le leader du mouvement a ajouté cette précision : « Tous les bombardements "
        "massacrent tout le monde. »\n\n"
        "Léa Salamé a de nouveau interrogé Jean-Luc Mélenchon. « Je ne suis pas pour les bombardements », a-t-il répété."
    )
    _, qs = run_quotes(text)
    assert only(qs, "Tous les bombardements").speaker == "Jean-Luc Mélenchon"
    assert only(qs, "pas pour les bombardements").speaker == "Jean-Luc Mélenchon"


def test_name_gender_reads_the_first_name_only_of_a_full_name():
    assert quotes_stage.name_gender("Léa Salamé") == "f"
    assert quotes_stage.name_gender("Benoist Apparu") == "m"
    assert quotes_stage.name_gender("Salamé") is None
    assert quotes_stage.name_gender("Camille Dupont") is None


def test_a_name_set_off_after_a_description_and_its_modifier_is_the_speaker():
    text = (
        "Le procureur Jean Martin a requis mardi deux ans de prison devant la cour d'appel. Comme le "
        "rappelait le procureur général chargé du dossier de Rennes, Marc Lebrun, « la loi ne distingue pas "
        "entre les auteurs et leurs complices »."
    )
    _, qs = run_quotes(text)
    assert only(qs, "la loi ne distingue pas").speaker == "Marc Lebrun"


def test_a_person_introduced_by_an_indefinite_subject_is_a_referent_for_a_later_pronoun():
    text = (
        "Le directeur de la prison a reconnu les faits devant la commission. Le lendemain, un détenu est "
        "conduit dans une pièce à l'écart. Un surveillant attend qu'il se déshabille. « Alors, tu as peur ? », "
        "lui demande-t-il en riant."
    )
    _, qs = run_quotes(text)
    assert only(qs, "tu as peur").speaker == "Un surveillant"


def test_a_surname_that_begins_with_an_article_keeps_it_and_its_first_name():
    text = (
        "Selon Marine Le Pen, la France doit sortir de l'euro avant la fin du mandat. Mme Le Pen a ajouté : "
        "« Nous gagnerons cette élection. » Le Président Macron a répondu : « Nous verrons bien. »"
    )
    r = extract(text, lang="fr", published="2017-04-20")
    persons = {e.name for e in r.entities if e.type == "PERSON"}
    assert "Marine Le Pen" in persons and "Pen" not in persons
    assert only(r.quotes, "Nous gagnerons").speaker == "Marine Le Pen"
    assert only(r.quotes, "Nous verrons bien").speaker == "Macron"  # "Le Président" is a title, not a surname


def test_a_titled_name_apposed_to_one_of_a_group_is_the_speaker():
    text = "L'un des avocats de la famille, Me Yassine Bouzrou, a dénoncé : « C'est une mascarade judiciaire. »"
    q = only(extract(text, lang="fr", published="2017-04-20").quotes, "mascarade")
    assert q.speaker == "Yassine Bouzrou" and q.speaker_resolution == "name"


def test_an_auxiliary_read_as_the_main_verb_before_an_adverbial_still_leads_to_the_subject():
    text = (
        "Le ministre Gérald Darmanin a pour sa part ajouté que « la loi sera appliquée partout ». "
        "La maire Anne Hidalgo a de son côté estimé que la ville était prête."
    )
    r = extract(text, lang="fr", published="2020-01-10")
    assert only(r.quotes, "la loi sera appliquée").speaker == "Gérald Darmanin"
    assert only(r.quotes, "la ville était prête").speaker == "Anne Hidalgo"


def test_a_speech_verb_tagged_as_a_noun_after_a_subject_pronoun_reports():
    text = "La ministre Élisabeth Borne a reçu les syndicats mardi. Elle juge que « le dialogue est rompu »."
    q = only(extract(text, lang="fr", published="2020-01-10").quotes, "le dialogue est rompu")
    assert q.verb == "juger" and q.speaker == "Élisabeth Borne"


def test_a_title_the_parser_tagged_as_a_person_is_no_speaker_before_the_apposed_name():
    text = "Pour le président de la Ligue des droits de l'homme, Malik Salemkour, « l'état d'urgence devient la norme »."
    q = only(extract(text, lang="fr", published="2020-01-10").quotes, "état d'urgence")
    assert q.speaker == "Malik Salemkour"


def test_a_function_noun_after_the_quote_stands_for_the_person_who_holds_it():
    text = "Le maire de Grenoble Eric Piolle a réagi mardi. « Nous ne céderons pas », a martelé l'édile écologiste."
    q = only(extract(text, lang="fr", published="2020-01-10").quotes, "Nous ne céderons pas")
    assert q.speaker == "Eric Piolle" and q.speaker_resolution == "description→name"


def test_the_second_fragment_after_an_incise_shares_its_speaker():
    text = (
        "Le député Jean Dupont a visité le camp de Calais. « Ces gens ont un cruel besoin d'information », martèle "
        "le député, « l'Europe ne peut pas les abandonner comme ça »."
    )
    _, qs = run_quotes(text)
    first, second = only(qs, "cruel besoin"), only(qs, "ne peut pas les abandonner")
    assert first.speaker and second.speaker == first.speaker


def test_an_adjective_used_as_a_noun_after_an_incise_verb_is_the_speaker():
    _, qs = run_quotes("« La théorie, c'est surtout des cours d'histoire du peuple kurde », détaille le jeune révolutionnaire.")
    assert only(qs, "La théorie").speaker == "le jeune révolutionnaire"


def test_a_title_parsed_as_its_own_subject_leads_to_the_name_after_it():
    text = ("« Soit la DGSI ment à la justice, soit les souvenirs ont été détruits », explique Me Marie Dosé, "
            "avocate de plusieurs parties civiles.")
    q = only(extract(text, lang="fr", published="2020-01-10").quotes, "DGSI ment")
    assert q.speaker == "Marie Dosé" and q.speaker_resolution == "name"


def test_the_impersonal_l_on_names_no_speaker():
    _, qs = run_quotes("Une manifestante brandit une pancarte où l'on peut lire « nous sommes tous des djihadistes verts ».")
    assert not only(qs, "djihadistes verts").speaker


def test_a_description_inverted_inside_the_marks_speaks_and_leaves_the_quote():
    text = (
        "Alain Juppé a réagi dimanche. « Nous sommes là avec un sentiment de tristesse et de colère, témoigne la "
        "porte-parole de l'Inter LGBT. Avec cet attentat, on voit la haine. »"
    )
    _, qs = run_quotes(text)
    q = only(qs, "sentiment de tristesse")
    assert q.speaker == "la porte-parole de l'Inter LGBT"
    assert "témoigne" not in q.text and "on voit la haine" in q.text


def test_a_sentence_initial_adjective_the_parser_tags_as_a_person_is_no_referent():
    text = "Il habite près de Barbès. Assis dans un café, il me dit : « Je me suis rendu compte du danger. »"
    q = only(extract(text, lang="fr", published="2020-01-10").quotes, "rendu compte du danger")
    assert q.speaker != "Assis"


def test_a_definite_ordinary_person_noun_stands_for_the_person_named_before():
    """'cet homme de 38 ans', 'la jeune femme', 'le prêtre': a definite description whose head is
    an ordinary person noun or an office links to the salient named person before it."""
    text = (
        "« Voir le métier de papa à la télé, c'est quand même pas tous les jours », justifie Philippe Rouault, "
        "préparateur de commandes à Vitry. La télévision éteinte, il ne parvient pas à dormir. "
        "« Quand ma femme a rallumé la lampe, j'ai fondu en larmes », raconte cet homme de 38 ans.\n\n"
        "Le père Pascal Vesin a été démis de ses fonctions vendredi. "
        "« Je suis fait pour être prêtre, je sais que je vais rebondir », assure le prêtre."
    )
    _, qs = run_quotes(text)
    assert only(qs, "fondu en larmes").speaker == "Philippe Rouault"
    assert only(qs, "vais rebondir").speaker == "Pascal Vesin"


def test_a_description_subject_of_a_reporting_verb_names_the_pronoun_after_it():
    """'le pape a exprimé …' makes the pope, resolved to his name, the referent of a later 'il'."""
    text = (
        "Arrivé mercredi au Kenya, le pape François a célébré jeudi une messe à Nairobi. "
        "A quelques jours de la conférence de l'OMC, le pape a exprimé une préoccupation particulière. "
        "« L'interdépendance des économies ne doit pas nuire aux systèmes de santé », a-t-il affirmé.\n\n"
        "Le ministre Bruno Le Maire a présenté mercredi son budget à Bercy. Devant les députés, le ministre a "
        "exprimé une inquiétude particulière. « La dette ne doit pas peser sur nos enfants », a-t-il affirmé."
    )
    _, qs = run_quotes(text)
    assert only(qs, "interdépendance").speaker == "François"
    assert only(qs, "La dette").speaker == "Bruno Le Maire"


def test_a_name_inverted_inside_the_marks_after_a_reflexive_or_split_by_the_tagger_speaks():
    """'confie Aghiles Aït Mammar, représentant …' (a name the tagger splits), 'raconte Faycal, 24
    ans' (a name it misses), 's'insurge Orlane François, …' (a reflexive verb) inside the marks."""
    text = (
        "La nouvelle a eu l'effet d'une douche froide pour de nombreux étudiants. « Beaucoup d'étudiants nous ont "
        "sollicités, ils sont très inquiets, confie Aghiles Aït Mammar, représentant de l'Union des étudiants algériens "
        "de France. Certains ne pourront pas poursuivre leurs études. »\n\n"
        "A la Cité universitaire, beaucoup de résidents sont inquiets. « Mon frère avait déjà tous ses plans en tête, "
        "raconte Faycal, 24 ans. Il va annuler toutes ses démarches. »\n\n"
        "Le gouvernement a promis des bourses. « On crée des bourses pour détourner le regard, s'insurge Orlane "
        "François, présidente de la FAGE. Sauf que les étudiants de la classe moyenne restent discriminés. »"
    )
    _, qs = run_quotes(text)
    assert "Aït Mammar" in only(qs, "sollicités").speaker
    q = only(qs, "Mon frère")
    assert q.speaker == "Faycal" and "raconte" not in q.text
    q = only(qs, "détourner le regard")
    assert q.speaker == "Orlane François" and "insurge" not in q.text


def test_an_unframed_quote_after_someone_else_is_introduced_is_theirs_not_the_previous_speakers():
    """A quote with no verb continues the previous speaker, unless another person is named between
    them as a subject, at the start of a paragraph or before the colon that opens the quote."""
    text = (
        "« Beaucoup d'étudiants nous ont sollicités ces derniers jours », confie Karim Benali, représentant de "
        "l'Union des étudiants algériens.\n\n"
        "Anissa, 19 ans, en deuxième année de licence à Nanterre, fait partie de ceux qui ne pourront pas rester. "
        "« Je viens du Maroc, où le salaire minimum ne dépasse pas 250 euros par mois. Les miens se sont endettés "
        "pour m'envoyer en France. »\n\n"
        "« Mon frère avait déjà tous ses plans en tête », raconte Faycal Meziane. D'autres regrettent leur choix, "
        "comme Amar Hassan, un Egyptien de 23 ans : « J'avais hésité à aller au Royaume-Uni. A ce prix-là, je ne "
        "vois plus l'intérêt de venir en France. »"
    )
    _, qs = run_quotes(text)
    assert only(qs, "Je viens du Maroc").speaker == "Anissa"
    assert only(qs, "J'avais hésité").speaker == "Amar Hassan"


def test_a_reflexive_incise_verb_the_tagger_reads_as_an_adjective_still_reports():
    """'», s'inquiète Jean-Marc Germain', '», s'indigne Mélanie Luce': spaCy tags 'inquiète' and
    'indigne' as adjectives (lemma 'inquiet'); after the reflexive they are incise verbs, and the
    accented stem is repaired ('inquiète' -> 'inquiéter')."""
    text = (
        "Christian Assaf est rentré de Grèce. « Il faut que l'Europe débloque une somme d'argent », reprend "
        "Christian Assaf.\n\n"
        "« Aujourd'hui, tout passe par les services grecs. Or, ils sont dépassés », s'inquiète Jean-Marc Germain.\n\n"
        "« Les étudiants africains ne sont même pas mentionnés, alors qu'ils sont les plus concernés », s'indigne "
        "Mélanie Luce, vice-présidente de l'Union nationale des étudiants de France (UNEF)."
    )
    _, qs = run_quotes(text)
    q = only(qs, "services grecs")
    assert q.speaker == "Jean-Marc Germain" and q.verb == "inquiéter"
    assert only(qs, "étudiants africains").speaker == "Mélanie Luce"


def test_a_quote_set_apart_as_a_markdown_blockquote_is_read_and_a_pull_quote_is_not_counted_twice():
    """'> « … »' opens its line: the quotation set apart as a block is a quote continuing the
    speaker before it; a blockquote repeating words of the body (a pull quote) is left to the
    body's occurrence; the '>' mark itself never speaks."""
    text = (
        "Invité mercredi soir, Emmanuel Macron a répondu aux critiques. « Je n'ai rien à cacher sur ce point »,"
        " a déclaré Emmanuel Macron.\n\n"
        "> « J'ai été un ministre actif durant mes deux ans d'exercice de cette fonction. J'ai beaucoup voyagé. »\n\n"
        "« C'était pas normal de crever au boulot », explique Philippe Renard, ouvrier.\n\n"
        "> « C'était pas normal de crever au boulot »\n\n"
        "Il est reparti le lendemain."
    )
    _, qs = run_quotes(text)
    q = only(qs, "ministre actif")
    assert q.direct and q.speaker == "Emmanuel Macron"
    assert len([x for x in qs if "crever au boulot" in x.text]) == 1
    assert all(x.speaker != ">" for x in qs)


def test_an_incise_whose_euphonic_t_lacks_its_first_hyphen_still_gives_the_pronoun():
    """'», explique t-il' (for 'explique-t-il'): the pronoun after the stray 't' is the subject."""
    text = (
        "Alam Ahmadzai a 24 ans et vient de Kaboul. « J'essaye tous les jours de passer en Angleterre, deux ou "
        "trois fois », explique t-il."
    )
    _, qs = run_quotes(text)
    assert only(qs, "passer en Angleterre").speaker == "Alam Ahmadzai"


def test_fragments_of_a_sentence_with_an_incise_between_commas_are_quotes_of_its_speaker():
    """'… et « suivait l'actualité du site », dont le directeur est un « personnage qui … »
    luxembourgeoise, a souligné l'enquêteur Roger Hayard, déclenchant …': the incise set off by
    commas attributes every quoted fragment of its sentence; a two-word fragment in a sentence
    without one stays a term."""
    text = (
        "Le procès s'est ouvert mardi à Luxembourg.\n\n"
        "M. Deltour était abonné à des newsletters des Verts et « suivait l'actualité du site Mediapart », dont le "
        "directeur est un « personnage qui a publié des articles » hostiles, a souligné l'enquêteur Roger Hayard, "
        "déclenchant des rires dans la salle.\n\n"
        "Le site a publié ses documents sous le titre de « fuites fiscales » en mai."
    )
    _, qs = run_quotes(text)
    assert only(qs, "suivait l'actualité").speaker == "Roger Hayard"
    assert only(qs, "personnage qui").speaker == "Roger Hayard"
    assert not [q for q in qs if "fuites fiscales" in q.text]


def test_quotes_in_a_related_article_link_line_are_not_counted():
    """'[**>> A lire aussi : « … »: « … »**](url)': the link repeats another article's headline,
    not words said in this one."""
    text = (
        "Emmanuel Macron a défendu son bilan à Bercy. « Je n'ai pas utilisé cet argent pour le mouvement », "
        "a déclaré Emmanuel Macron.\n\n"
        "[**\\>\\> A lire aussi : «Dans l'enfer de Bercy»: «Aucun ne croyait, pas même Michel Sapin, à un agenda "
        "caché de Macron»**](https://www.20minutes.fr/economie/2001831-enfer-bercy){.highlight}\n\n"
        "Le livre est paru en janvier."
    )
    _, qs = run_quotes(text)
    assert only(qs, "utilisé cet argent").speaker == "Emmanuel Macron"
    assert not [q for q in qs if "agenda caché" in q.text or "enfer de Bercy" in q.text]


def test_a_quote_in_a_que_clause_of_a_request_is_said_by_the_requester_not_the_clause_subject():
    """'Il a demandé que les accords servent à garantir « … »': the infinitive under a verb that
    reports nothing ('servent à garantir') states the content of the request, so the speaker is
    the subject of 'a demandé', not 'les accords'."""
    text = (
        "Le ministre Paul Girard s'est exprimé mardi devant les députés. Il a demandé que les accords "
        "commerciaux servent à garantir « un accès minimal aux soins de base pour toute la population » "
        "dans chaque pays signataire."
    )
    _, qs = run_quotes(text)
    direct = [q for q in qs if q.text == "un accès minimal aux soins de base pour toute la population"]
    assert len(direct) == 1 and direct[0].speaker == "Paul Girard", [(q.text, q.speaker) for q in qs]


def test_a_capitalised_function_taken_for_a_name_stands_for_the_person_who_holds_it():
    """'écrit le Contrôleur': a function noun written with a capital is a description, not a
    name of its own, and resolves to the person the article is about."""
    text = (
        "Depuis 2008, Jean-Marie Delarue inspecte les prisons françaises. Jean-Marie Delarue a choisi cette année "
        "de mettre l'accent sur la santé des détenus.\n\n"
        "Il existe un règlement en prison, mais il existe également un « infra-droit », écrit le Contrôleur, "
        "dont l'arbitraire fait naître « un sentiment de révolte intense chez les détenus »."
    )
    report = extract(text, lang="fr", published="2013-02-25")
    assert only(report.quotes, "sentiment de révolte").speaker == "Jean-Marie Delarue", [(e.name, e.type) for e in report.entities]


def test_a_pronoun_after_a_description_subject_goes_to_the_person_the_description_stands_for():
    """'le président de la région … s'était montré très ferme. Il promettait : « … »': a definite
    description of a named person as the subject of a verb that reports nothing is a candidate
    for the pronoun after it, before a person named as a subject earlier; the description stands
    for the person the section's heading names, not that earlier subject."""
    text = (
        "Le ministre Paul Girard a présenté mercredi un projet de loi sur la transparence de la vie publique. "
        "Ce texte était l'une des conditions de son ralliement à Jean Moreau.\n\n"
        "### Un recul par rapport aux promesses de Jean Moreau\n\n"
        "Et alors que le président de la région en campagne s'était montré très ferme sur les conflits "
        "d'intérêts, le projet de loi est beaucoup plus tolérant. Il promettait ainsi dans son programme : "
        "« L'interdiction pour les élus d'exercer des activités de conseil pendant leur mandat. »"
    )
    report = extract(text, lang="fr", published="2017-06-15")
    assert only(report.quotes, "activités de conseil").speaker == "Jean Moreau", [(q.text, q.speaker) for q in report.quotes]


def test_an_unframed_fragment_in_the_paragraph_of_a_framed_quote_goes_to_that_source():
    """A report quoted through a paragraph: the first fragment has its verb, the next ones do not
    ('Sur les 89 cas étudiés, « … »', as the ACAT's report was quoted); they are the same source's words, at low confidence. A
    fragment in a paragraph with no framed quote stays out."""
    text = (
        "Un rapport sur les violences policières est publié jeudi. Amnesty International "
        "dénonce « une opacité profonde » dans les enquêtes. Sur les 89 cas étudiés "
        "par l'association, « seuls sept ont donné lieu à des condamnations ».\n\n"
        "Le ministère n'a pas réagi. Les syndicats parlent d'une « affaire de moyens » depuis des années."
    )
    report = extract(text, lang="fr", published="2016-03-14")
    carried = only(report.quotes, "seuls sept")
    assert carried.speaker == "Amnesty International", [(q.text, q.speaker) for q in report.quotes]
    assert carried.confidence < 0.6
    assert not [q for q in report.quotes if "affaire de moyens" in q.text]


def test_selon_ses_propres_termes_names_the_possessor_as_the_source():
    """'selon ses propres termes': an intensifier between the possessive and the noun of speech
    still makes the possessor the source, not the phrase 'ses propres termes'."""
    text = (
        "Le père Pascal Vesin, curé de Megève, a été suspendu par l'évêque. Depuis jeudi, il fait l'objet d'une "
        "« excommunication temporaire » avec interdiction de recevoir les sacrements, selon ses propres termes."
    )
    report = extract(text, lang="fr", published="2013-11-05")
    assert only(report.quotes, "excommunication").speaker == "Pascal Vesin"


def test_an_adjective_set_off_by_commas_between_incise_verb_and_subject_is_skipped():
    """'», interroge, sceptique, Nathalie Janssens.': the manner adjective between commas does not end
    the incise; the name after it is the speaker, not the minister named earlier."""
    text = (
        "La ministre Najat Vallaud-Belkacem a annoncé un plan. Nathalie Janssens, ancienne institutrice, est "
        "bénévole à Calais. « Comment imaginer que ces familles puissent arriver, seules, à inscrire leurs enfants "
        "en mairie ? », interroge, sceptique, Nathalie Janssens."
    )
    report = extract(text, lang="fr", published="2015-10-12")
    assert only(report.quotes, "Comment imaginer").speaker == "Nathalie Janssens"


def test_a_description_written_before_a_name_links_a_later_definite_description_to_it():
    """'le policier Hayard' … '« … », a rétorqué le policier': the noun written before the name is
    that person's description, so the later 'le policier' is Hayard, not the person the article is
    most about."""
    text = (
        "Le lanceur d'alerte Antoine Deltour est jugé à Luxembourg. Antoine Deltour risque dix ans de prison. "
        "Le commissaire de police Roger Hayard est venu témoigner mercredi.\n\n"
        "Le policier Hayard a ensuite dû défendre son enquête, menée avec le cabinet PwC. Antoine Deltour "
        "a écouté sans réagir.\n\n"
        "« Cette recherche a été menée de manière neutre et objective », a rétorqué le policier."
    )
    report = extract(text, lang="fr", published="2016-04-27")
    assert only(report.quotes, "neutre et objective").speaker == "Roger Hayard"


def test_a_quote_between_an_auxiliary_and_its_participle_is_no_incise():
    """'qui ont « coûte que coûte » souhaité replier ses bras': the verb after the quote belongs to the
    clause the quote sits in, so its object ('ses bras') is no speaker, for that fragment or the
    quote after it, which stays with the prosecutor quoted in the paragraph."""
    text = (
        "Le procureur adjoint, Loïc Pageot, abonde : « C'est un scénario de violence policière. » Il dénonce "
        "les erreurs d'appréciation des agents, qui ont persisté à vouloir le placer dans une « position "
        "très dangereuse » et qui ont « coûte que coûte » souhaité replier ses bras dans le fourgon. "
        "« Après, il y a deux hypothèses, soit le bâton a glissé, soit l'agent a choisi de frapper. »"
    )
    report = extract(text, lang="fr", published="2017-01-12")
    speakers = [(q.text, q.speaker) for q in report.quotes]
    assert not [q for q in report.quotes if q.speaker == "ses bras"], speakers
    assert only(report.quotes, "deux hypothèses").speaker == "Loïc Pageot", speakers


def test_an_incise_inside_the_marks_names_a_description_or_a_name_with_an_adjunct():
    """'…, précise une bénévole qui souhaite rester anonyme. …', '…, a rétorqué la compagne de
    l'ex-auditeur, appelée à témoigner plus tard. …', '…, relate Alexandre T. lors de son audition, …':
    an indefinite description, one of ordinary people, one with a relative clause, and a name
    followed by a prepositional phrase all speak the quote they interrupt, and the incise is no
    part of the quote's text."""
    cases = [
        ("« Il avait une demande d'asile en cours à Nice, précise une bénévole qui souhaite rester anonyme. "
         "On l'avait amené à la préfecture. »", "une bénévole qui souhaite rester anonyme"),
        ("« Paul n'est pas un militant politique, a rétorqué la compagne de l'ex-auditeur, appelée à témoigner "
         "un peu plus tard. Il est surtout attaché à la liberté. »", "la compagne de l'ex-auditeur"),
        ("« D'un coup, j'ai senti un choc. J'ai hurlé, relate Alexandre T. lors de son audition, lue à "
         "l'audience par la présidente. Je me suis allongé sur la banquette. »", "Alexandre T."),
    ]
    for quote, speaker in cases:
        report = extract("Le procès de Jean Martin s'est ouvert lundi à Lille. " + quote, lang="fr", published="2016-04-27")
        q = only(report.quotes, "")
        assert q.speaker == speaker, (q.text, q.speaker)
        assert speaker not in q.text and "appelée" not in q.text and "lue à" not in q.text, q.text


def test_an_incise_inside_the_marks_outranks_an_incise_after_them():
    """'« …, observe Virginie Tiberghien, orthophoniste de métier. … », regrette la ministre': the
    speaker named inside the marks speaks the quote."""
    text = (
        "La ministre Najat Vallaud-Belkacem a présenté un plan pour les enfants des camps. « L'émotion est "
        "retombée comme un soufflé, observe Virginie Tiberghien, orthophoniste de métier. Sur les autres "
        "familles, on préfère fermer les yeux », regrette la ministre."
    )
    report = extract(text, lang="fr", published="2015-10-12")
    assert only(report.quotes, "soufflé").speaker == "Virginie Tiberghien"


def test_muttered_and_grumbled_incises_report_speech():
    """'», marmonne le paternel': 'marmonner', 'grommeler', 'maugréer', 'souffler' are incise verbs;
    the description after them speaks, not the person quoted before."""
    text = (
        "Alexandre T. est sorti du tribunal sous les applaudissements de ses amis. Son père l'attendait dehors. "
        "« Les policiers ont tous les droits », marmonne le paternel, en regagnant la sortie du tribunal."
    )
    report = extract(text, lang="fr", published="2017-01-12")
    assert only(report.quotes, "tous les droits").speaker == "le paternel"


def test_a_label_before_a_colon_is_no_subject_of_the_verb_after_it():
    """'Autre point commun : comme Lulzsec avant lui, Evacuation Squad affirme « … »': the parser
    makes the label the subject; the subject stops at the colon."""
    text = (
        "Le groupe Evacuation Squad revendique des fausses alertes à la bombe dans des écoles. Autre point commun : "
        "comme Lulzsec avant lui, Evacuation Squad affirme « adorer provoquer le chaos »."
    )
    report = extract(text, lang="fr", published="2016-01-08")
    assert only(report.quotes, "chaos").speaker == "Evacuation Squad"


def test_a_plural_pronoun_source_names_the_group_that_is_the_subject_before_it():
    """'les membres du forum en profitent pour expliquer que, selon eux, « … »': a plural definite
    description of people as a subject is a referent for a later plural pronoun; the forum named
    earlier is not."""
    text = (
        "Le forum Incels.me a fixé des règles. Ces règles sont floues, et les membres du forum en profitent "
        "pour expliquer que, selon eux, « la violence est un moyen comme un autre »."
    )
    report = extract(text, lang="fr", published="2018-04-25")
    assert only(report.quotes, "violence").speaker == "les membres du forum"


def test_an_adverbial_locution_between_incise_verb_and_subject_is_skipped():
    """'», annonçait en effet WikiLeaks sur Twitter': 'en effet' opens no prepositional phrase that
    would hide the subject after it (data: adverbial_locutions)."""
    text = (
        "Le site WikiLeaks soutient Chelsea Manning depuis des années. « Assange acceptera une extradition "
        "vers les Etats-Unis », annonçait en effet WikiLeaks sur Twitter le 12 janvier."
    )
    report = extract(text, lang="fr", published="2017-01-18")
    assert only(report.quotes, "extradition").speaker == "WikiLeaks"


def test_a_participle_after_a_determiner_is_a_noun_not_the_reporting_verb():
    """'La présidente interroge le prévenu : « … »': the parser may read 'le prévenu' as the past
    participle of 'prévenir' (a reporting verb) right before the colon; after a determiner and with
    no auxiliary it is a noun, and the verb of the frame is 'interroge'."""
    text = "La présidente interroge le prévenu : « A votre avis, est-ce que monsieur a eu mal ? » Silence."
    art = Article.build(text)
    sdoc = get_nlp("fr")(art.text)
    tok = next(t for t in sdoc if t.text == "prévenu")
    tok.pos_, tok.lemma_ = "VERB", "prévenir"  # the misreading seen on a published court report
    tok.set_morph("Gender=Masc|Number=Sing|Tense=Past|VerbForm=Part")
    doc = Document(article=art, lang="fr", doc=sdoc)
    quotes_stage.run(doc)
    q = only(doc.quotes, "monsieur a eu mal")
    assert (q.verb, q.speaker) == ("interroger", "La présidente")


def test_a_colon_verb_parsed_as_a_conjunct_of_its_subject_finds_that_subject():
    """'Le procureur adjoint, Julien Morvan, abonde : « … »': the parser makes 'Morvan' and
    'abonde' conjuncts of 'procureur'; the subject is the phrase before the verb, its name apposed."""
    text = (
        "L'avocate de la famille a plaidé pendant une heure. Le procureur adjoint, Julien Morvan, abonde : "
        "« C'est un scénario de violence policière. » Il requiert un an de prison."
    )
    report = extract(text, lang="fr", published="2017-01-12")
    assert only(report.quotes, "scénario de violence").speaker == "Julien Morvan"


def test_a_bare_noun_apposition_after_a_name_is_not_the_subject():
    """'Le sénateur Paul Dumont, vétéran du Vietnam, a dénoncé une « … »': with 'respecté' read as
    the verb, the scan left of 'a dénoncé' stops at 'vétéran du Vietnam'; a phrase with no
    determiner after 'Name,' describes that name, which is the speaker."""
    text = (
        "Le Sénat a voté la loi.\n\nLe très respecté sénateur Paul Dumont, vétéran du Vietnam, a dénoncé une « grave "
        "erreur dont je redoute qu'elle encourage de futurs actes d'espionnage »."
    )
    report = extract(text, lang="fr", published="2017-01-18")
    assert only(report.quotes, "grave erreur").speaker == "Paul Dumont"


def test_a_name_after_its_title_is_the_subject_a_later_pronoun_takes():
    """'le père Pascal officiait …': the parser makes 'Pascal' a modifier of 'père', the subject;
    the name is that subject, so 'selon le prêtre' and '« … », juge-t-il' after it are his, not the
    speaker of the paragraph before."""
    text = ("« Je souhaite que l'Église évolue », a déclaré Jean Dumas à la presse.\n\nÂgé de 43 ans, le père Pascal officiait depuis "
            "17 ans dans la paroisse. Une vision dépassée, selon le prêtre. « Le combat est d'un autre siècle », juge-t-il.")
    _, qs = run_quotes(text)
    assert only(qs, "autre siècle").speaker == "Pascal"


def test_a_demonstrative_heading_a_relative_clause_after_an_incise_verb_is_a_pronoun():
    """'« … », déplore celle qui entend …': 'celle qui' / 'celui qui' stands for the person named
    before, of its gender (data: relative_demonstratives)."""
    text = (
        "Marine Durand est professeure de mathématiques depuis cinq ans au collège. « Je ne fais pas cours, je gère "
        "les conflits entre les élèves », déplore celle qui entend rester mobilisée jusqu'au bout.\n\n"
        "Paul Martin enseigne depuis dix ans dans ce lycée. « Le climat est devenu invivable », regrette celui qui a "
        "demandé sa mutation."
    )
    report = extract(text, lang="fr", published="2017-01-12")
    assert only(report.quotes, "je gère les conflits").speaker == "Marine Durand"
    assert only(report.quotes, "invivable").speaker == "Paul Martin"


def test_a_demonstrative_description_takes_the_unnamed_source_before_it_not_a_name_near_it():
    """'Selon une source militaire citée par CNN, … « … », a confié ce haut responsable': the
    demonstrative takes the earlier speaker the text left unnamed; it is not then mapped on to a
    person named nearby as a subject (Gerald Ford, who speaks nowhere)."""
    text = (
        "Le président a gracié l'ancien soldat mardi. Les soutiens de l'ancien soldat rappellent que Gerald Ford avait "
        "accordé une amnistie à Richard Nixon.\n\nAu sein de l'administration, la décision n'a pas fait l'unanimité. "
        "Selon une source militaire citée par CNN, le secrétaire à la Défense, Ash Carter, y était opposé. « L'ensemble "
        "de la communauté du renseignement est découragée », a confié ce haut responsable."
    )
    report = extract(text, lang="fr", published="2017-01-18")
    assert only(report.quotes, "communauté du renseignement").speaker == "une source militaire"


def test_a_relative_clause_between_the_parsed_subject_and_the_verb_gives_way_to_its_own_subject():
    """'des propos postés sur Facebook où Antoine Durand déclarait « … »': when the parser makes
    'propos' the subject of 'déclarait' (as on a published court report), the verb belongs to the
    clause opened by 'où', whose subject is the name after it."""
    text = ("Pour preuve, des propos postés sur Facebook où Antoine Durand déclarait « avoir du mal à accepter » que les "
            "multinationales échappent à l'impôt.")
    art = Article.build(text)
    sdoc = get_nlp("fr")(art.text)
    words = {t.text: t for t in sdoc}
    verb = words["déclarait"]
    verb.head, verb.dep_ = verb, "ROOT"  # the misreading: "propos" subject of "déclarait", the name a relative clause
    words["propos"].head, words["propos"].dep_ = verb, "nsubj"
    words["Antoine"].head, words["Antoine"].dep_ = words["postés"], "acl:relcl"
    doc = Document(article=art, lang="fr", doc=sdoc)
    quotes_stage.run(doc)
    assert only(doc.quotes, "avoir du mal").speaker == "Antoine Durand"


def test_one_of_a_group_before_a_colon_verb_is_its_subject_not_an_adverbial():
    """'Un de ses soutiens l'admet : « … »': the phrase 'de ses soutiens' is not an adverbial to skip
    (as 'a de son côté estimé' is) when a partitive 'un' heads it; the speaker is that one."""
    text = (
        "Le maire a été mis en cause mardi. Un de ses soutiens l'admet : « Il est atteint. C'est évident que cette "
        "histoire va écorner son image. »"
    )
    report = extract(text, lang="fr", published="2017-01-26")
    assert only(report.quotes, "écorner son image").speaker == "Un de ses soutiens"


def test_a_participle_after_a_clause_with_its_own_subject_takes_that_subject_not_the_earlier_quote():
    """'Si certains élus ont jugé que « … », d'autres ont défendu le maire, évoquant « … »': the
    participle hangs on 'ont défendu' (parsed on its object), whose subject 'd'autres' comes after
    the sentence's first quote; 'd'autres', labelled a passive subject with no passive auxiliary,
    is that subject."""
    text = (
        "Au conseil, les avis divergent. Si certains élus ont jugé que « le projet coûte trop cher », d'autres ont "
        "défendu le maire, évoquant « une chance pour la ville »."
    )
    report = extract(text, lang="fr", published="2018-04-25")
    assert only(report.quotes, "coûte trop cher").speaker == "certains élus"
    assert only(report.quotes, "une chance pour la ville").speaker == "d'autres"


def test_a_relative_clause_set_off_before_a_quote_gives_way_to_the_source_after_it():
    """'Cette obédience, qui affirme sa croyance en un Dieu, qui …, compte « une bonne poignée » de
    prêtres …, selon lui': 'affirme' reports the relative clause's own object; the quote is
    attributed by 'selon lui' (the speaker named before), not by the subject of 'affirme'."""
    text = (
        "Une telle décision de l'Église est « tout à fait exceptionnelle », estime Claude Lenoir, grand secrétaire de la "
        "Grande Loge nationale française (GLNF). Cette obédience, qui affirme sa croyance en un Dieu, qui n'est pas le "
        "Dieu des chrétiens, compte « une bonne poignée » de prêtres sur 26 000 maçons, selon lui."
    )
    _, qs = run_quotes(text)
    q = only(qs, "bonne poignée")
    assert (q.verb, q.speaker) == ("selon", "Claude Lenoir")


def test_a_past_participle_modifying_a_noun_with_its_agent_reports_nothing():
    """'la casse du Code du Travail promise par le nouveau locataire de l'Elysée, « … »': 'promise'
    (of 'promettre', a reporting verb) qualifies a noun, its agent after it; the quote continues the
    incise before it, 'commente la jeune communiste'."""
    text = (
        "Jeanne, militante communiste, a manifesté lundi. « Ca promet ! », commente encore la jeune communiste, prête "
        "à retourner mener bataille contre le projet de nouvelle casse du Code du Travail promise par le nouveau "
        "locataire de l'Elysée, « et surtout prête à aller discuter avec les gens »."
    )
    report = extract(text, lang="fr", published="2017-05-08")
    q = only(report.quotes, "aller discuter")
    assert q.verb != "promettre" and q.speaker == "Jeanne"
