"""The versioned schema of the year tables under data/processed/<year>/ (partners, emissions).

The runner writes each table as CSV and as Parquet with these types, so `pd.read_parquet` keeps them
(an ID like 007 stays text, a year stays an integer). Adding, removing or retyping a column is a new
PROCESSED_SCHEMA_VERSION (a test compares what the runner writes with this list).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from paastolaskuri.accounting.metrics import INTENSITIES
from paastolaskuri.core.outputs import write_bytes

PROCESSED_SCHEMA_VERSION = "1"
_S, _F, _I, _B = pa.string(), pa.float64(), pa.int64(), pa.bool_()

PARTNERS_COLUMNS: dict[str, pa.DataType] = {
    "partner_id": _S,
    "slug": _S,
    "name": _S,
    "sector": _S,
    "section": _S,
    "year": _I,
    "base_year": _I,
    "employees_fte": _F,
    "floor_area_m2": _F,
    "revenue_eur": _F,
    "research_use": _B,
    "factor_set": _S,
    "gwp_set": _S,
    "kg_scope1": _F,
    "kg_scope2_location": _F,
    "kg_scope2_market": _F,
    "kg_scope3": _F,
    "kg_biogenic_co2": _F,
    "kg_total_location": _F,
    "kg_total_market": _F,
    **{spec.column: _F for spec in INTENSITIES},
    "lines": _I,
    "share_estimated": _F,
    "unverified_factors": _I,
    "own_factors": _I,
}

EMISSIONS_COLUMNS: dict[str, pa.DataType] = {
    "partner_id": _S,
    "row": _I,
    "site": _S,
    "activity": _S,
    "label": _S,
    "scope": _I,
    "category": _S,
    "basis": _S,
    "quantity": _F,
    "unit": _S,
    "conversion": _S,
    "converted_quantity": _F,
    "factor_unit": _S,
    "factor_id": _S,
    "factor_text": _S,
    "kg_co2e_per_unit": _F,
    "kg_co2": _F,
    "kg_ch4": _F,
    "kg_n2o": _F,
    "other_gas": _S,
    "kg_other_gas": _F,
    "kg_co2e_unsplit": _F,
    "kg_co2_biogenic": _F,
    "kg_co2e": _F,
    "gwp_set": _S,
    "factor_set": _S,
    "source": _S,
    "url": _S,
    "confidence": _S,
    "own_factor_used": _B,
    "gwp_note": _S,
    "quality": _S,
    "note": _S,
}

TABLES = {"partners": PARTNERS_COLUMNS, "emissions": EMISSIONS_COLUMNS}


def _column(values: pd.Series, kind: pa.DataType) -> pa.Array:
    if kind == _S:
        text = values.astype("string")
        return pa.array(text.mask(text == "").astype(object), type=_S, from_pandas=True)
    if kind == _B:
        if values.dtype == bool:
            return pa.array(values.to_numpy(), type=_B)
        text = values.astype("string").str.strip().str.lower()
        flags = text.isin(["true", "1", "1.0"]).astype("boolean").mask(values.isna())
        return pa.array(flags, type=_B, from_pandas=True)
    numbers = pd.to_numeric(values, errors="coerce")
    if kind == _I:
        return pa.array(numbers.round().astype("Int64"), type=_I, from_pandas=True)
    return pa.array(numbers.astype("float64"), type=_F, from_pandas=True)


def to_arrow(frame: pd.DataFrame, table: str) -> pa.Table:
    """The frame as an Arrow table with the schema's types; a column the schema lacks keeps pandas' type."""
    columns = TABLES[table]
    arrays, fields = [], []
    for name in frame.columns:
        kind = columns.get(name)
        array = _column(frame[name], kind) if kind is not None else pa.array(frame[name], from_pandas=True)
        arrays.append(array)
        fields.append(pa.field(name, array.type))
    metadata = {"paastolaskuri_processed_schema": PROCESSED_SCHEMA_VERSION, "table": table}
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=metadata))


def write_parquet(path: Path, frame: pd.DataFrame, table: str) -> Path:
    """Write a year table as Parquet (atomically), typed by the processed schema."""
    buffer = io.BytesIO()
    pq.write_table(to_arrow(frame, table), buffer, compression="zstd")
    return write_bytes(path, buffer.getvalue())


def read_year_table(directory: Path, table: str) -> pd.DataFrame | None:
    """A year table from its Parquet file, or from the CSV when an older run wrote no Parquet; None if absent."""
    parquet, csv = Path(directory) / f"{table}.parquet", Path(directory) / f"{table}.csv"
    if parquet.is_file():
        return pq.read_table(parquet).to_pandas()
    if csv.is_file():
        dtypes = {k: "string" for k, v in TABLES[table].items() if v == _S}
        try:
            return pd.read_csv(csv, dtype=dtypes, keep_default_na=False, na_values=[""])
        except pd.errors.EmptyDataError:
            return pd.DataFrame(columns=list(TABLES[table]))
    return None
