{#- The build wing on Spark: what a full refresh needs (the incremental path on Spark is built
    on these).  Spark's Parquet tables have no DELETE, so the build-state table is partitioned
    by model_name and a model's record replaces its own partition: an INSERT OVERWRITE of a
    dynamic partition (spark.sql.sources.partitionOverwriteMode=dynamic, set in the profile),
    which writes through a staging directory of its own, so two models recording at once
    (threads) do not meet.  A full refresh of cld_per_la / cld_per_file writes the model as a
    new table (cld_write_rows with no delete) and needs nothing else. -#}

{% macro spark__cld_create_la_build_state_sql(state) -%}
    create table if not exists {{ state }} (
        la_code {{ dbt.type_string() }},
        input_kind {{ dbt.type_string() }},
        input_value {{ dbt.type_string() }},
        model_checksum {{ dbt.type_string() }},
        model_name {{ dbt.type_string() }}
    )
    using parquet
    partitioned by (model_name)
{%- endmacro %}

{% macro spark__cld_la_record_state_sql() -%}
    insert overwrite table {{ cld_la_state_relation() }} partition (model_name)
    select la_code, input_kind, input_value, '{{ model.checksum.checksum }}', '{{ this.name }}'
    from ({{ cld_la_model_inputs_sql() }}) as built_from
{%- endmacro %}
