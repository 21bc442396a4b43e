"""Data: validate and import case files (YAML or the spreadsheet template); the blank template; export the registry.

Uploading needs the right to write (app_pages/signin.py): on a public server an anonymous visitor only exports.
"""

from __future__ import annotations

import shutil
from functools import partial

import streamlit as st

from app_pages.common import clear_results, get_store, header, lang, report, tr
from app_pages.signin import write_gate
from registry.app_support import data_io, template_download
from registry.app_support.safe_text import md
from registry.errors import CaseValidationError, CoordregError
from registry.loading import load_paths, validate_paths

header("data_title", "data_intro")
L = lang()  # the interface language of this run
store = get_store()

st.subheader(tr("import_title"))
if write_gate("action_import"):
    st.caption(tr("import_caption", mb=data_io.MAX_UPLOAD_MB))
    files = st.file_uploader(
        tr("upload_label"),
        type=[s.lstrip(".") for s in data_io.UPLOAD_SUFFIXES],
        accept_multiple_files=True,
        max_upload_size=data_io.MAX_UPLOAD_MB,
        key="data_upload",
    )
    keep_going = st.checkbox(tr("keep_going"), key="data_keep_going", help=tr("keep_going_help"))
    actions = st.columns(2)
    validate_clicked = actions[0].button(tr("validate"), disabled=not files, key="data_validate")
    import_clicked = actions[1].button(tr("import"), type="primary", disabled=not files, key="data_import")

    if files and (validate_clicked or import_clicked):
        try:
            folder = data_io.store_uploads(data_io.Upload(f.name, f.getvalue()) for f in files)
        except CoordregError as exc:
            report(exc)
            st.stop()
        try:
            bundle, problems = validate_paths([folder])
            errors = [p for p in problems if p.severity == "error"]
            if problems:
                st.dataframe(data_io.problems_table(problems, L, folder), hide_index=True, key="data_problems")
            if validate_clicked:
                if errors:
                    st.error(tr("validate_errors", errors=len(errors), warnings=len(problems) - len(errors)))
                else:
                    st.success(tr("validate_ok", files=len(bundle.files), practices=len(bundle.practices),
                                  warnings=len(problems)))  # fmt: skip
            else:
                try:
                    loaded = load_paths(store, [folder], keep_going=keep_going)
                except CaseValidationError as exc:
                    st.error(tr("import_refused", errors=len(exc.problems)))
                except CoordregError as exc:
                    report(exc)
                else:
                    clear_results()
                    st.success(tr("import_done", practices=loaded.practices_written, files=loaded.files_written))
                    for skipped in loaded.skipped:
                        st.warning(tr("import_skipped", file=md(skipped.removeprefix(str(folder) + "/"))))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

st.divider()
st.subheader(tr("template_title"))
st.caption(tr("template_caption"))
st.download_button(
    tr("template_download"),
    data=partial(template_download.template_bytes, store),  # built only when clicked
    file_name=template_download.TEMPLATE_FILE_NAME,
    mime=template_download.TEMPLATE_MIME,
    key="data_template",
)

st.divider()
st.subheader(tr("export_title"))
if not data_io.export_available():
    st.info(tr("export_missing"))
else:
    st.caption(tr("export_caption"))
    columns = st.columns(len(data_io.EXPORT_FORMATS))
    for column, (fmt, _suffix, _mime) in zip(columns, data_io.EXPORT_FORMATS, strict=True):
        column.download_button(
            fmt.upper(),
            data=partial(data_io.export_bytes, store, fmt),  # built only when clicked
            file_name=data_io.export_file_name(fmt),
            mime=data_io.export_mime(fmt),
            key=f"data_export_{fmt}",
            help=tr(f"export_help_{fmt}"),
        )
