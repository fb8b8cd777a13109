//! Social conditions beyond insertion (issue 13): every family drafted with its articles,
//! counted for L2112-2-1 only with real content, declared with its BT-775 code in the notice
//! values and as « Clause sociale » in the open data; the notice codes checked against the
//! eForms codelist recorded in the data; the wizard's step 5 adds a family to a lot.

use crate::common;

use clausier::document::{inline_text, BlockKind, Document};
use clausier::model::{Nature, Project, SocialFamily};
use clausier::reference::ReferenceData;
use clausier::rules::notice::{decp, eforms};
use clausier::rules::{defaults, predicates};

fn data() -> &'static ReferenceData {
    ReferenceData::bundled()
}

/// The text of the blocks that came from `clause` for `lot`.
fn clause_text(doc: &Document, clause: &str, lot: u32) -> String {
    doc.blocks
        .iter()
        .filter(|b| {
            b.source
                .and_then(|i| doc.sources.get(i))
                .is_some_and(|p| p.clause_id == clause && p.lot == Some(lot))
        })
        .map(|b| match &b.kind {
            BlockKind::Paragraph(inlines) => inline_text(inlines),
            BlockKind::Heading { text, .. } => text.clone(),
            BlockKind::List { items, .. } => items
                .iter()
                .map(|i| inline_text(&i.content))
                .collect::<Vec<_>>()
                .join("\n"),
            _ => String::new(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The document's French typography puts no-break spaces where the data has plain ones.
fn plain(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
        .replace('\u{2019}', "'")
}

/// Supplies of 400 000 € in one lot, launched after the climate law, with one condition of
/// `family` (the data's defaults, a quantity where the family measures one, a penalty).
fn project_with(family: SocialFamily) -> Project {
    let mut p = common::scenarios()
        .into_iter()
        .find(|s| s.id == "tenues-travail")
        .unwrap()
        .project;
    p.allotment.lots.truncate(1);
    p.allotment.allotted = false;
    p.allotment.max_lots_awarded = None;
    p.allotment.tie_break = None;
    p.allotment.non_allotment.grounds =
        vec![clausier::model::NonAllotmentGround::TechnicallyDifficult];
    p.allotment.non_allotment.justification = "Un seul fournisseur habille et marque les agents pour garantir des tailles et un marquage homogènes.".into();
    p.purchase.amount_cents = 40_000_000;
    let lot = &mut p.allotment.lots[0];
    lot.amount_cents = 40_000_000;
    lot.nature = Some(Nature::Supplies);
    let mut c = defaults::social_condition(family, data());
    if data().social.family(family).quantity.is_some() {
        c.quantity = Some(25.0);
    }
    c.penalty_cents = Some(30_000);
    lot.social_conditions = vec![c];
    p
}

#[test]
fn every_family_is_drafted_in_the_ccap_with_its_obligations_controls_penalty_and_articles() {
    let clause_of = |f: SocialFamily| match f {
        SocialFamily::SupplyChain => "ccap.condition_chaine_approvisionnement",
        SocialFamily::WorkingConditions => "ccap.condition_conditions_travail",
        SocialFamily::Equality => "ccap.condition_egalite",
        SocialFamily::Disability => "ccap.condition_travailleurs_handicapes",
        SocialFamily::Training => "ccap.condition_formation",
        SocialFamily::Accessibility => "ccap.condition_accessibilite",
        SocialFamily::FairTrade => "ccap.condition_commerce_equitable",
    };
    for family in SocialFamily::ALL {
        let p = project_with(family);
        let (evaluation, doc) = common::pipeline(&p);
        let text = plain(&clause_text(&doc, clause_of(family), 1));
        let f = data().social.family(family);
        assert!(!text.is_empty(), "{family:?}: no CCAP clause");
        for id in &f.default_obligations {
            let label = &f.obligation(id).unwrap().label;
            assert!(
                text.contains(plain(label).as_str()),
                "{family:?}: obligation « {id} » missing\n{text}"
            );
        }
        for id in &f.default_controls {
            let label = &f.control(id).unwrap().label;
            assert!(
                text.contains(plain(label).as_str()),
                "{family:?}: control « {id} » missing\n{text}"
            );
        }
        assert!(
            text.contains("300 €"),
            "{family:?}: penalty missing\n{text}"
        );
        assert!(text.contains(&plain(&f.penalty_unit)), "{family:?}\n{text}");
        assert!(
            text.contains("constitue une condition d'exécution à caractère social au sens de l'article L. 2112-2-1"),
            "{family:?}: not presented as the L2112-2-1 condition\n{text}"
        );
        assert!(!text.contains("[à compléter"), "{family:?}\n{text}");
        // the family's articles are the provenance of its clause
        let refs: Vec<&String> = doc
            .sources
            .iter()
            .filter(|s| s.clause_id == clause_of(family))
            .flat_map(|s| &s.legal_refs)
            .collect();
        for article in &f.articles {
            assert!(
                refs.contains(&article),
                "{family:?}: {article} not cited ({refs:?})"
            );
        }
        // announced in the RC
        assert!(doc
            .sources
            .iter()
            .any(|s| s.clause_id == "rc.conditions_sociales"));
        // and no finding says the social condition is missing
        assert!(
            !evaluation
                .findings
                .iter()
                .any(|f| f.code == "SOCIAL_CONDITION_MISSING"),
            "{family:?}: {:#?}",
            evaluation.findings
        );
    }
}

#[test]
fn a_quantity_of_zero_is_neither_drafted_nor_counted_nor_declared() {
    for family in [
        SocialFamily::Disability,
        SocialFamily::Training,
        SocialFamily::FairTrade,
    ] {
        let mut p = project_with(family);
        p.allotment.lots[0].social_conditions[0].quantity = Some(0.0);
        let (evaluation, doc) = common::pipeline(&p);
        assert!(
            !doc.sources
                .iter()
                .any(|s| s.clause_id.starts_with("ccap.condition_")),
            "{family:?}"
        );
        assert!(!doc
            .sources
            .iter()
            .any(|s| s.clause_id == "rc.conditions_sociales"));
        assert!(evaluation
            .findings
            .iter()
            .any(|f| f.code == "SOCIAL_CONDITION_MISSING"));
        assert!(!predicates::has_social_condition(
            &p.allotment.lots[0],
            0,
            &evaluation,
            data()
        ));
        let values = eforms(&p, &evaluation);
        assert!(values.lots[0].social_objectives.is_empty(), "{family:?}");
        assert_eq!(
            decp(&p, &evaluation).social,
            ["Pas de considération sociale"]
        );
    }
}

#[test]
fn a_condition_without_control_is_drafted_with_a_placeholder_but_not_declared() {
    let mut p = project_with(SocialFamily::Equality);
    p.allotment.lots[0].social_conditions[0].controls.clear();
    let (evaluation, doc) = common::pipeline(&p);
    let text = plain(&clause_text(&doc, "ccap.condition_egalite", 1));
    assert!(
        text.contains("[à compléter par l'acheteur : documents que le titulaire remet"),
        "{text}"
    );
    assert!(!text.contains("L. 2112-2-1"), "{text}");
    assert!(evaluation
        .findings
        .iter()
        .any(|f| f.code == "SOCIAL_CONDITION_NO_CONTROL"));
    assert!(evaluation
        .findings
        .iter()
        .any(|f| f.code == "SOCIAL_CONDITION_MISSING"));
    assert!(eforms(&p, &evaluation).lots[0].social_objectives.is_empty());
}

#[test]
fn each_family_has_its_bt775_code_and_the_clause_sociale_of_the_open_data() {
    let expected = [
        (SocialFamily::SupplyChain, "hum-right"),
        (SocialFamily::WorkingConditions, "work-cond"),
        (SocialFamily::Equality, "gen-eq"),
        (SocialFamily::Disability, "opp"),
        (SocialFamily::Training, "other"),
        (SocialFamily::Accessibility, "acc-all"),
        (SocialFamily::FairTrade, "other"),
    ];
    for (family, code) in expected {
        let p = project_with(family);
        let (evaluation, _) = common::pipeline(&p);
        let lot = &eforms(&p, &evaluation).lots[0];
        assert_eq!(lot.social_objectives, [code], "{family:?}");
        assert!(lot.strategic.contains(&"soc-obj"), "{family:?}");
        assert!(
            lot.strategic_description
                .as_deref()
                .unwrap()
                .contains(&data().social.family(family).label),
            "{family:?}"
        );
        assert!(
            decp(&p, &evaluation).social.contains(&"Clause sociale"),
            "{family:?}"
        );
    }
}

#[test]
fn every_bt775_code_belongs_to_the_eforms_codelist_read_in_the_sdk() {
    let e = &data().social.eforms;
    assert_eq!(e.codelist, "social-objective");
    assert_eq!(e.sdk_version, "1.15.1");
    // The seven codes of codelist version 20250924-0, as read in the SDK.
    assert_eq!(
        e.codes,
        [
            "acc-all",
            "et-eq",
            "gen-eq",
            "hum-right",
            "opp",
            "other",
            "work-cond"
        ]
    );
    for scenario in common::scenarios() {
        let (evaluation, _) = common::pipeline(&scenario.project);
        for lot in eforms(&scenario.project, &evaluation).lots {
            for code in lot.social_objectives {
                assert!(e.codes.iter().any(|c| c == code), "{}: {code}", scenario.id);
            }
        }
    }
}

#[test]
fn a_code_outside_the_codelist_or_an_article_without_source_is_refused_at_load() {
    let text = include_str!("../../assets/social_conditions.ron");
    let bad_code = text.replacen("bt775: \"hum-right\"", "bt775: \"human-rights\"", 1);
    let e: clausier::reference::SocialReference = ron::from_str(&bad_code).unwrap();
    let err = e.check().unwrap_err();
    assert!(err.contains("human-rights"), "{err}");
    let bad_article = text.replacen(
        "articles: [\"L2112-2\", \"L2141-4\"]",
        "articles: [\"L2112-2\", \"L9999-9\"]",
        1,
    );
    let e: clausier::reference::SocialReference = ron::from_str(&bad_article).unwrap();
    let err = e.check().unwrap_err();
    assert!(err.contains("L9999-9"), "{err}");
}

#[test]
fn every_scenario_passes_check_without_an_exception_and_the_it_one_uses_conditions() {
    // No bundled scenario needs an exception: where insertion fits badly (IT equipment,
    // uniforms, asbestos removal), a condition of another family is used.
    for s in common::scenarios() {
        let id = &s.id;
        assert!(s.project.social_exceptions.is_empty(), "{id}");
        let (evaluation, _) = common::pipeline(&s.project);
        assert!(!evaluation.has_errors(), "{id}: {:#?}", evaluation.findings);
        assert_eq!(
            evaluation.count(clausier::rules::Severity::Warning),
            0,
            "{id}: {:#?}",
            evaluation.findings
        );
    }
    let it = common::scenarios()
        .into_iter()
        .find(|s| s.id == "materiel-informatique")
        .unwrap();
    let families: Vec<Vec<SocialFamily>> = it.project.allotment.lots[..2]
        .iter()
        .map(|l| l.social_conditions.iter().map(|c| c.family).collect())
        .collect();
    assert_eq!(
        families,
        vec![vec![SocialFamily::SupplyChain, SocialFamily::Accessibility]; 2]
    );
}

#[test]
fn an_old_project_file_without_social_conditions_still_loads_and_round_trips() {
    for scenario in common::scenarios() {
        let text = clausier::model::to_ron_string(&scenario.project);
        let back =
            clausier::model::parse_project(text.as_bytes(), std::path::Path::new("x.ron")).unwrap();
        assert_eq!(back, scenario.project, "{}", scenario.id);
        if scenario
            .project
            .allotment
            .lots
            .iter()
            .all(|l| l.social_conditions.is_empty())
        {
            assert!(!text.contains("social_conditions"), "{}", scenario.id);
        }
    }
}

#[test]
fn the_export_command_writes_the_family_codes() {
    let out = std::process::Command::new(common::clausier_bin())
        .args(["export", "--format", "eforms"])
        .arg(common::scenario_path("tenues-travail"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes = |i: usize| json["lots"][i]["BT-775"].clone();
    assert_eq!(codes(0), serde_json::json!(["hum-right", "other"]));
    assert_eq!(codes(1), serde_json::json!(["hum-right"]));
    assert_eq!(codes(2), serde_json::json!(["opp"]));
}
