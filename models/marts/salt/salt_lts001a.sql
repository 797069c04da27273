-- SALT LTS001a: people who received long-term support during the period, by age band (at
-- period_end), primary support reason and support setting (hierarchy H1, Part Direct Payment
-- derived).  Counts people once per LA, from salt_lts001_people.
{{ cld_tidy_counts(
    cohort="select la_code, age_band_at_period_end as age_band, primary_support_reason,"
        ~ " support_setting_in_period as support_setting from " ~ ref('salt_lts001_people') ~ " where is_in_lts001a",
    dimensions=[
        cld_dim_salt_age_band(),
        cld_dim_list('primary_support_reason'),
        cld_dim_support_setting(),
    ],
    count_name='person_count') }}
