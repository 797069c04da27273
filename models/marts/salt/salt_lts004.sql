-- SALT LTS004: working-age Learning Disability Support clients in long-term support during the
-- period, by gender and by employment status (status_type `Employment`, ASCOF 1E) and by
-- accommodation status (status_type `Accommodation`, ASCOF 2E LD).  Each person is counted
-- once under each status type.  From salt_lts004_people.
{{ cld_tidy_counts(
    cohort="select la_code, gender, 'Employment' as status_type,"
        ~ " employment_status as status from " ~ ref('salt_lts004_people')
        ~ " union all select la_code, gender, 'Accommodation', accommodation_status from "
        ~ ref('salt_lts004_people'),
    dimensions=[
        cld_dim_list('gender'),
        (['status_type', 'status'], "select 'Employment' as status_type, canonical_value as status, 1 as type_order,"
            ~ " sort_order from " ~ ref('cld_defined_list_values') ~ " where list_name = 'employment_status'"
            ~ " union all select 'Accommodation', canonical_value, 2, sort_order from " ~ ref('cld_defined_list_values')
            ~ " where list_name = 'accommodation_status'", 'type_order, sort_order'),
    ],
    count_name='person_count') }}
