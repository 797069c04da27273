-- SALT LTS001b (table 3): people in long-term support on snapshot_date, by gender, ethnicity and
-- support setting at the snapshot (all adult ages).  From salt_lts001_people.
{{ cld_tidy_counts(
    cohort="select la_code, gender, ethnicity, support_setting_at_snapshot as support_setting from "
        ~ ref('salt_lts001_people') ~ " where is_in_lts001b",
    dimensions=[
        cld_dim_list('gender'),
        cld_dim_list('ethnicity'),
        cld_dim_support_setting(),
    ],
    count_name='person_count') }}
