-- SALT LTS002b: completed reviews of people counted in LTS001c (long-term support for more than 12 months at the snapshot),
-- by review reason (planned or the unplanned reason), support setting and what followed
-- (care-home admission, or the review's outcome grouped).
-- Counts reviews, from salt_lts002_reviews.
{{ cld_tidy_counts(
    cohort="select * from " ~ ref('salt_lts002_reviews') ~ " where is_in_lts001c",
    dimensions=[
        cld_dim_list('review_reason', with_salt_unknown=true),
        cld_dim_support_setting(),
        ('what_followed', "select what_followed, min(sort_order) as sort_order from " ~ ref('cld_review_sequels')
            ~ " group by what_followed", 'sort_order'),
    ],
    count_name='review_count') }}
