-- SALT LTS001b (table 1): people in long-term support on snapshot_date, by age band (at the
-- snapshot), primary support reason and support setting at the snapshot.  From salt_lts001_people.
{{ cld_tidy_counts(
    cohort="select la_code, age_band_at_snapshot as age_band, primary_support_reason,"
        ~ " support_setting_at_snapshot as support_setting from " ~ ref('salt_lts001_people') ~ " where is_in_lts001b",
    dimensions=[
        cld_dim_salt_age_band(),
        cld_dim_list('primary_support_reason'),
        cld_dim_support_setting(),
    ],
    count_name='person_count') }}
