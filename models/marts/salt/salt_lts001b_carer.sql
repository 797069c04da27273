-- SALT LTS001b (table 2): people in long-term support on snapshot_date, by whether they have an
-- informal carer (Yes / No / Unknown: `Not known` and blank show as Unknown, rule LTS001-02)
-- and support setting at the snapshot.  From salt_lts001_people.
{{ cld_tidy_counts(
    cohort="select la_code, has_informal_carer, support_setting_at_snapshot as support_setting from "
        ~ ref('salt_lts001_people') ~ " where is_in_lts001b",
    dimensions=[
        ('has_informal_carer', "select 'Yes' as has_informal_carer, 1 as sort_order union all select 'No', 2"
            ~ " union all select 'Unknown', 3", 'sort_order'),
        cld_dim_support_setting(),
    ],
    count_name='person_count') }}
