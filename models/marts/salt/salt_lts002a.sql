-- SALT LTS002a: completed reviews of people counted in LTS001a (long-term support during the period),
-- by review reason (planned or the unplanned reason), support setting and what followed
-- (care-home admission, or the review's outcome grouped).
-- Counts reviews, from salt_lts002_reviews.
{{ cld_tidy_counts(
    cohort="select * from " ~ ref('salt_lts002_reviews') ~ " where true",
    dimensions=[
        cld_dim_list('review_reason', with_salt_unknown=true),
        cld_dim_support_setting(),
        ('what_followed', "select what_followed, min(sort_order) as sort_order from " ~ ref('cld_review_sequels')
            ~ " group by what_followed", 'sort_order'),
    ],
    count_name='review_count') }}
