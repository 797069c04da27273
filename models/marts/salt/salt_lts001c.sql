-- SALT LTS001c: people in long-term support on snapshot_date who had been continuously for more
-- than 12 months (their long-term episode covering the snapshot started on or before
-- snapshot_date minus one year; rules LTS-02, LTS001C-01), by age band, primary support reason (validated
-- like LTS001b, rule LTS001-02) and support setting.  From salt_lts001_people.
{{ cld_tidy_counts(
    cohort="select la_code, age_band_at_snapshot as age_band, primary_support_reason,"
        ~ " support_setting_at_snapshot as support_setting from " ~ ref('salt_lts001_people') ~ " where is_in_lts001c",
    dimensions=[
        cld_dim_salt_age_band(),
        cld_dim_list('primary_support_reason'),
        cld_dim_support_setting(),
    ],
    count_name='person_count') }}
