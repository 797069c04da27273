-- SALT STS002a: what followed short-term support to maximise independence (ST-Max) for new
-- clients whose STS001 request led to it, by age band and sequel (seed
-- cld_sequel_labels, table sts002a: M3).  Counts episodes, from salt_sts002_episodes.
-- Early cessation categories 2 and 3 cannot be derived from CLD (rule STS002A-04): seed rows of kind
-- `underivable`, shown and always zero.
{{ cld_tidy_counts(
    cohort="select * from " ~ ref('salt_sts002_episodes') ~ " where salt_table = 'sts002a'",
    dimensions=[
        cld_dim_salt_age_band(),
        cld_dim_sequel('sts002a'),
    ],
    count_name='episode_count') }}
