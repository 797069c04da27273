{#-
    The 40 CLD v4.2 data items as the landing contract's columns, in template order.
    This is the one place SQL learns the column list; everything else about an item
    (mandatory, applicability, conditions, list values) is read from the seeds by joins.
    The singular test `assert_cld_items_macro_matches_seed` fails if this list and
    seeds/spec/cld_data_items.csv ever disagree, so a spec change cannot slip past one of them.
-#}
{% macro cld_items(kind=none) -%}
    {%- set items = [
        {'item_number': 1, 'column_name': 'person_unique_identifier', 'value_kind': 'identifier', 'defined_list': none},
        {'item_number': 2, 'column_name': 'nhs_number', 'value_kind': 'nhs_number', 'defined_list': none},
        {'item_number': 3, 'column_name': 'first_name', 'value_kind': 'text', 'defined_list': none},
        {'item_number': 4, 'column_name': 'last_name', 'value_kind': 'text', 'defined_list': none},
        {'item_number': 5, 'column_name': 'gp_practice_name', 'value_kind': 'text', 'defined_list': none},
        {'item_number': 6, 'column_name': 'gp_practice_code', 'value_kind': 'code', 'defined_list': none},
        {'item_number': 7, 'column_name': 'gender', 'value_kind': 'list', 'defined_list': 'gender'},
        {'item_number': 8, 'column_name': 'ethnicity', 'value_kind': 'list', 'defined_list': 'ethnicity'},
        {'item_number': 9, 'column_name': 'date_of_birth', 'value_kind': 'date', 'defined_list': none},
        {'item_number': 10, 'column_name': 'date_of_death', 'value_kind': 'date', 'defined_list': none},
        {'item_number': 11, 'column_name': 'primary_support_reason', 'value_kind': 'list', 'defined_list': 'primary_support_reason'},
        {'item_number': 12, 'column_name': 'postcode', 'value_kind': 'postcode', 'defined_list': none},
        {'item_number': 13, 'column_name': 'accommodation_status', 'value_kind': 'list', 'defined_list': 'accommodation_status'},
        {'item_number': 14, 'column_name': 'employment_status', 'value_kind': 'list', 'defined_list': 'employment_status'},
        {'item_number': 15, 'column_name': 'has_informal_carer', 'value_kind': 'list', 'defined_list': 'has_informal_carer'},
        {'item_number': 16, 'column_name': 'autism_spectrum_disorder', 'value_kind': 'list', 'defined_list': 'autism_spectrum_disorder'},
        {'item_number': 17, 'column_name': 'visual_impairment', 'value_kind': 'list', 'defined_list': 'visual_impairment'},
        {'item_number': 18, 'column_name': 'hearing_impairment', 'value_kind': 'list', 'defined_list': 'hearing_impairment'},
        {'item_number': 19, 'column_name': 'dementia', 'value_kind': 'list', 'defined_list': 'dementia'},
        {'item_number': 20, 'column_name': 'event_type', 'value_kind': 'list', 'defined_list': 'event_type'},
        {'item_number': 21, 'column_name': 'event_reference', 'value_kind': 'code', 'defined_list': none},
        {'item_number': 22, 'column_name': 'event_start_date', 'value_kind': 'date', 'defined_list': none},
        {'item_number': 23, 'column_name': 'event_end_date', 'value_kind': 'date', 'defined_list': none},
        {'item_number': 24, 'column_name': 'event_description', 'value_kind': 'text', 'defined_list': none},
        {'item_number': 25, 'column_name': 'event_outcome', 'value_kind': 'list', 'defined_list': 'event_outcome'},
        {'item_number': 26, 'column_name': 'route_of_access', 'value_kind': 'list', 'defined_list': 'route_of_access'},
        {'item_number': 27, 'column_name': 'assessment_type', 'value_kind': 'list', 'defined_list': 'assessment_type'},
        {'item_number': 28, 'column_name': 'eligible_needs_identified', 'value_kind': 'list', 'defined_list': 'eligible_needs_identified'},
        {'item_number': 29, 'column_name': 'carer_involved_in_assessment', 'value_kind': 'list', 'defined_list': 'informal_carer_involved_in_assessment'},
        {'item_number': 30, 'column_name': 'service_type', 'value_kind': 'list', 'defined_list': 'service_type'},
        {'item_number': 31, 'column_name': 'service_component', 'value_kind': 'list', 'defined_list': 'service_component'},
        {'item_number': 32, 'column_name': 'delivery_mechanism', 'value_kind': 'list', 'defined_list': 'delivery_mechanism'},
        {'item_number': 33, 'column_name': 'provider_location_name', 'value_kind': 'text', 'defined_list': none},
        {'item_number': 34, 'column_name': 'provider_cqc_id', 'value_kind': 'code', 'defined_list': none},
        {'item_number': 35, 'column_name': 'review_reason', 'value_kind': 'list', 'defined_list': 'review_reason'},
        {'item_number': 36, 'column_name': 'review_outcomes_achieved', 'value_kind': 'list', 'defined_list': 'review_outcomes_achieved'},
        {'item_number': 37, 'column_name': 'unit_cost', 'value_kind': 'number', 'defined_list': none},
        {'item_number': 38, 'column_name': 'cost_frequency', 'value_kind': 'list', 'defined_list': 'cost_frequency'},
        {'item_number': 39, 'column_name': 'planned_units_per_week', 'value_kind': 'number', 'defined_list': none},
        {'item_number': 40, 'column_name': 'full_cost_client', 'value_kind': 'list', 'defined_list': 'full_cost_client'}
    ] -%}
    {%- if kind is none -%}
        {{- return(items) -}}
    {%- else -%}
        {{- return(items | selectattr('value_kind', 'equalto', kind) | list) -}}
    {%- endif -%}
{%- endmacro %}
