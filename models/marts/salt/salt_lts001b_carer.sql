-- SALT LTS001b (table 2): people in long-term support on snapshot_date, by whether they have an
-- informal carer (the carer list, its unknown value and blank shown as seed cld_salt_unknown_labels
-- says, rule LTS001-02)
-- and support setting at the snapshot.  From salt_lts001_people.
{{ cld_tidy_counts(
    cohort="select la_code, has_informal_carer, support_setting_at_snapshot as support_setting from "
        ~ ref('salt_lts001_people') ~ " where is_in_lts001b",
    dimensions=[
        cld_dim_list('has_informal_carer', with_salt_unknown=true),
        cld_dim_support_setting(),
    ],
    count_name='person_count') }}
