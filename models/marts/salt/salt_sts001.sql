-- SALT STS001: requests for support from new clients, by age band, route of access and what
-- happened next (sequel).  Counts request clusters, not people (salt.md §2.1), from
-- salt_sts001_requests where is_counted.  Zero-filled; national rows la_code = 'ENG'.
{{ cld_tidy_counts(
    cohort="select * from " ~ ref('salt_sts001_requests') ~ " where is_counted",
    dimensions=[
        ('age_band', "select age_band from " ~ ref('cld_age_bands') ~ " where band_scheme = 'salt'"),
        ('route_of_access', "select canonical_value as route_of_access from " ~ ref('cld_defined_list_values')
            ~ " where list_name = 'route_of_access' union all select 'Unknown'"),
        ('sequel', "select distinct sequel from " ~ ref('cld_sequel_labels') ~ " where salt_table = 'sts001'"),
    ],
    count_name='request_count') }}
