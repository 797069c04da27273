-- SALT LTS004: working-age Learning Disability Support clients in long-term support during the
-- period, by gender and by employment status (status_type `Employment`, ASCOF 1E) and by
-- accommodation status (status_type `Accommodation`, ASCOF 2E LD).  Each person is counted
-- once under each status type.  From salt_lts004_people.
{#- the status types: label → the person's column (and its defined list), in display order #}
{%- set statuses = {'Employment': 'employment_status', 'Accommodation': 'accommodation_status'} %}
{{ cld_tidy_counts(
    cohort=cld_stacked_statuses(
        ref('salt_lts004_people'), ['la_code', 'gender'], statuses, 'status_type', 'status'),
    dimensions=[
        cld_dim_list('gender'),
        cld_dim_stacked_lists(statuses, 'status_type', 'status'),
    ],
    count_name='person_count') }}
