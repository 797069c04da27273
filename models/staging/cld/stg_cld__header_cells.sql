-- One row per header cell of every readable landed file, with the data item it matched.
with

source as (
    select * from {{ source('cld_landed', 'landed_columns') }}
),

final as (
    select
        landed_file_name,
        {{ cld_try_cast('column_position', 'integer') }} as column_position,
        submitted_header,
        {{ cld_clean_text('matched_column_name') }} as matched_column_name,
        match_method
    from source
)

select * from final
