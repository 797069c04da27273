-- SALT STS001: requests for support from new clients, by age band, route of access and what
-- happened next (sequel).  Counts request clusters, not people (rule STS001-01), from
-- salt_sts001_requests where is_counted.  Zero-filled; national rows la_code = 'ENG'.
{{ cld_tidy_counts(
    cohort="select * from " ~ ref('salt_sts001_requests') ~ " where is_counted",
    dimensions=[
        cld_dim_salt_age_band(),
        cld_dim_list('route_of_access', with_salt_unknown=true),
        cld_dim_sequel('sts001'),
    ],
    count_name='request_count') }}
