-- SALT STS002b: what followed ST-Max episodes of existing clients (in long-term support at the
-- episode start); the anchors give totals only, this gives the full sequel table, by age band and sequel (seed
-- cld_sequel_labels, table sts002a: M3).  Counts episodes, from salt_sts002_episodes.
-- Early cessation categories 2 and 3 cannot be derived from CLD (rule STS002A-04): seed rows of kind
-- `underivable`, shown and always zero.
{{ cld_tidy_counts(
    cohort="select * from " ~ ref('salt_sts002_episodes') ~ " where salt_table = 'sts002b'",
    dimensions=[
        cld_dim_salt_age_band(),
        cld_dim_sequel('sts002a'),
    ],
    count_name='episode_count') }}
