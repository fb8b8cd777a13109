//! Paths of the fields of a project file, as findings name them and widgets claim them
//! (« allotment.lots[2].insertion_clause.rate_percent »). They are built here, never spelled
//! by hand, so that a finding always lands on the widget that edits its field. The strings are
//! those of the project file, and of `clausier check --json`.

pub const META_TITLE: &str = "meta.title";
pub const META_REFERENCE: &str = "meta.reference";
pub const META_AUTHOR: &str = "meta.author";
pub const META_LAUNCH_DATE: &str = "meta.launch_date";
pub const BUYER_NAME: &str = "meta.buyer.name";
pub const BUYER_KIND: &str = "meta.buyer.kind";
pub const BUYER_LARGE_BODY: &str = "meta.buyer.large_body";
pub const BUYER_ANNUAL_PURCHASING: &str = "meta.buyer.annual_purchasing_cents";
pub const BUYER_CONTACT_NAME: &str = "meta.buyer.contact_name";
pub const BUYER_CONTACT_EMAIL: &str = "meta.buyer.contact_email";
pub const BUYER_CONTACT_PHONE: &str = "meta.buyer.contact_phone";

pub const PURCHASE_OBJECT: &str = "purchase.object";
pub const PURCHASE_NATURE: &str = "purchase.nature";
pub const PURCHASE_CPV: &str = "purchase.cpv";
pub const PURCHASE_AMOUNT: &str = "purchase.amount_cents";
pub const PURCHASE_DURATION: &str = "purchase.duration_months";
pub const PURCHASE_PLACE: &str = "purchase.place";
pub const PURCHASE_DEPARTEMENT: &str = "purchase.departement";
pub const PURCHASE_NEEDS: &str = "purchase.needs";
pub const PURCHASE_SPECIFIC_SERVICES: &str = "purchase.specific_services";

pub const SOURCING: &str = "sourcing";
pub const SOURCING_DONE: &str = "sourcing.done";
pub const SOURCING_NETWORKS: &str = "sourcing.networks";
pub const SOURCING_NOTES: &str = "sourcing.notes";

pub const ALLOTMENT: &str = "allotment";
pub const ALLOTTED: &str = "allotment.allotted";
pub const LOTS: &str = "allotment.lots";
pub const NON_ALLOTMENT_GROUNDS: &str = "allotment.non_allotment.grounds";
pub const NON_ALLOTMENT_JUSTIFICATION: &str = "allotment.non_allotment.justification";
pub const MAX_LOTS_BID: &str = "allotment.max_lots_bid";
pub const MAX_LOTS_AWARDED: &str = "allotment.max_lots_awarded";
pub const TIE_BREAK: &str = "allotment.tie_break";
pub const TIE_BREAK_CUSTOM: &str = "allotment.tie_break.custom";

pub const SME_ACCESS: &str = "sme_access";
pub const ADVANCE: &str = "sme_access.advance_percent";
pub const RETENTION: &str = "sme_access.retention_percent";
pub const GROUPEMENT_FORM_AFTER_AWARD: &str = "sme_access.groupement_form_after_award";
pub const GROUPEMENT_JUSTIFICATION: &str = "sme_access.groupement_justification";
pub const MANDATAIRE_JOINTLY_LIABLE: &str = "sme_access.mandataire_jointly_liable";

pub const FACILITATOR: &str = "facilitator";
pub const FACILITATOR_ORGANISATION: &str = "facilitator.organisation";
pub const FACILITATOR_NAME: &str = "facilitator.name";
pub const FACILITATOR_EMAIL: &str = "facilitator.email";
pub const FACILITATOR_PHONE: &str = "facilitator.phone";

pub const OUTPUT_FIRST_ARTICLE: &str = "output.first_article";
pub const OUTPUT_EXTRACT: &str = "output.extract";

pub const SOCIAL_EXCEPTIONS: &str = "social_exceptions";
pub const ENVIRONMENTAL_CONDITION: &str = "environment.condition";
pub const ENVIRONMENTAL_CRITERION: &str = "environment.criterion";

/// The fields of lot number `index` (its position in the list, from 0).
pub fn lot(index: usize) -> LotField {
    LotField(format!("{LOTS}[{index}]"))
}

/// One item of a list of the project: `lot(i)`, `exception(i)`, `contact(i)`.
macro_rules! item_fields {
    ($name:ident { $($field:ident => $key:literal),* $(,)? }) => {
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// The item itself.
            pub fn path(&self) -> String {
                self.0.clone()
            }

            $(pub fn $field(&self) -> String {
                format!("{}.{}", self.0, $key)
            })*
        }
    };
}

item_fields!(LotField {
    number => "number",
    title => "title",
    amount => "amount_cents",
    nature => "nature",
    trade => "trade",
    description => "description",
    reservations => "reservations",
    insertion_market => "insertion_market",
    criterion => "insertion_criterion",
    criterion_weight => "insertion_criterion.weight_percent",
    criterion_subcriteria => "insertion_criterion.subcriteria",
    min_turnover => "min_turnover_cents",
    min_turnover_justification => "min_turnover_justification",
});

impl LotField {
    pub fn clause(&self) -> ClauseField {
        ClauseField(format!("{}.insertion_clause", self.0))
    }

    /// The lot's list of social conditions other than insertion.
    pub fn social_conditions(&self) -> String {
        format!("{}.social_conditions", self.0)
    }

    /// Social condition number `index` of the lot (its position in the list, from 0).
    pub fn social(&self, index: usize) -> SocialField {
        SocialField(format!("{}.social_conditions[{index}]", self.0))
    }
}

item_fields!(SocialField {
    family => "family",
    obligations => "obligations",
    quantity => "quantity",
    controls => "controls",
    penalty => "penalty_cents",
    reporting => "reporting",
    details => "details",
});

item_fields!(ClauseField {
    method => "method",
    rate => "rate_percent",
    hours_override => "hours_override",
    publics => "publics",
    modes => "modes",
    penalty_per_hour => "penalty_per_hour_cents",
    report_penalty => "report_penalty_cents",
    reporting => "reporting",
    urban_renewal => "urban_renewal",
});

impl ClauseField {
    /// One input of the hours method (« labour_share_percent », « transferred_monthly_hours »…).
    pub fn method_input(&self, input: &str) -> String {
        format!("{}.method.{input}", self.0)
    }
}

pub fn exception(index: usize) -> ExceptionField {
    ExceptionField(format!("{SOCIAL_EXCEPTIONS}[{index}]"))
}

item_fields!(ExceptionField {
    lot => "lot",
    ground => "ground",
    reasons => "reasons",
});

pub fn contact(index: usize) -> ContactField {
    ContactField(format!("sourcing.contacts[{index}]"))
}

item_fields!(ContactField {
    name => "name",
    kind => "kind",
    trade => "trade",
});

/// The lot a path is about, if any: `Some(2)` for « allotment.lots[2].amount_cents ».
pub fn lot_index(path: &str) -> Option<usize> {
    path.strip_prefix(LOTS)?
        .strip_prefix('[')?
        .split_once(']')
        .and_then(|(n, _)| n.parse().ok())
}

/// What follows the lot in a lot's path: « insertion_clause.rate_percent » for
/// « allotment.lots[2].insertion_clause.rate_percent », « » for the lot itself.
pub fn within_lot(path: &str) -> Option<&str> {
    let rest = path.strip_prefix(LOTS)?.strip_prefix('[')?;
    let (_, after) = rest.split_once(']')?;
    Some(after.strip_prefix('.').unwrap_or(after))
}

/// Whether the field at `path` is `field` or lies inside it.
pub fn is_within(path: &str, field: &str) -> bool {
    path == field
        || path
            .strip_prefix(field)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_those_of_the_project_file() {
        assert_eq!(lot(2).amount(), "allotment.lots[2].amount_cents");
        assert_eq!(lot(0).path(), "allotment.lots[0]");
        assert_eq!(
            lot(3).clause().rate(),
            "allotment.lots[3].insertion_clause.rate_percent"
        );
        assert_eq!(
            lot(1).clause().method_input("hourly_cost_cents"),
            "allotment.lots[1].insertion_clause.method.hourly_cost_cents"
        );
        assert_eq!(exception(4).reasons(), "social_exceptions[4].reasons");
        assert_eq!(
            lot(2).social(1).controls(),
            "allotment.lots[2].social_conditions[1].controls"
        );
        assert_eq!(contact(0).trade(), "sourcing.contacts[0].trade");
    }

    #[test]
    fn a_path_gives_back_its_lot() {
        assert_eq!(lot_index(&lot(12).title()), Some(12));
        assert_eq!(lot_index(LOTS), None);
        assert_eq!(lot_index(PURCHASE_AMOUNT), None);
        assert_eq!(
            within_lot(&lot(3).clause().rate()),
            Some("insertion_clause.rate_percent")
        );
        assert_eq!(within_lot(&lot(3).path()), Some(""));
        assert!(is_within(&lot(3).clause().rate(), &lot(3).clause().path()));
        assert!(!is_within(&lot(31).amount(), &lot(3).path()));
        assert!(is_within(LOTS, LOTS));
    }
}
