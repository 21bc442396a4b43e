"""Data: validate and import case files (YAML or the spreadsheet template); the blank template; export the registry.

Uploading needs the right to write (app_pages/signin.py): on a public server an anonymous visitor only exports.
"""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

import streamlit as st

from app_pages.common import clear_results, fail, get_store, header, lang, report, tr
from app_pages.signin import write_gate
from registry.app_support import data_io, template_download, widget_texts
from registry.app_support.safe_text import md
from registry.errors import CaseValidationError, CoordregError


def stored(uploads: list[data_io.Upload]) -> Path:
    """The uploads in a private folder of their own, or (a refused upload) the reason shown and the page stopped."""
    try:
        return data_io.store_uploads(uploads)
    except CoordregError as exc:
        fail(exc)


header("data_title", "data_intro")
L = lang()  # the interface language of this run
store = get_store()

st.subheader(tr("import_title"))
if write_gate("action_import"):
    st.caption(tr("import_caption", mb=data_io.MAX_UPLOAD_MB))
    suffixes = [s.lstrip(".") for s in data_io.UPLOAD_SUFFIXES]
    files = st.file_uploader(
        tr("upload_label"),
        type=suffixes,
        accept_multiple_files=True,
        max_upload_size=data_io.MAX_UPLOAD_MB,
        key="data_upload",
    )
    # Streamlit writes the uploader's button and limits in English only: the catalog's words replace them.
    kinds = ", ".join(s.upper() for s in suffixes)
    limits = tr("upload_limits", mb=data_io.MAX_UPLOAD_MB, types=kinds)
    st.html(widget_texts.uploader_style(tr("upload_button"), limits))
    keep_going = st.checkbox(tr("keep_going"), key="data_keep_going", help=tr("keep_going_help"))
    replace = st.checkbox(tr("replace_label"), key="data_replace", help=tr("replace_help"))
    uploads = [data_io.Upload(f.name, f.getvalue()) for f in files or []]
    # Import writes only what Validate previewed: the same files, checked with the same choices.
    digest = f"{data_io.uploads_digest(uploads)}|{replace}|{keep_going}"
    actions = st.columns(2)
    validate_clicked = actions[0].button(tr("validate"), disabled=not files, key="data_validate")

    if files and validate_clicked:
        st.session_state.pop("data_previewed", None)
        folder = stored(uploads)
        try:
            checked = data_io.check_uploads(store, folder, replace=replace)
        except CoordregError as exc:
            fail(exc)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        problems, errors = checked.problems, checked.errors
        if problems:
            st.dataframe(data_io.problems_table(problems, L, folder), hide_index=True, key="data_problems")
        if errors:
            st.error(tr("validate_errors", errors=len(errors), warnings=len(problems) - len(errors)))
        else:
            st.success(tr("validate_ok", files=len(checked.bundle.files), practices=len(checked.bundle.practices),
                          warnings=len(problems)))  # fmt: skip
        if checked.preview is not None:
            st.markdown(f"**{tr('preview_title')}**")
            counts = checked.preview.counts()
            st.caption(
                tr("preview_counts", added=counts["added"], changed=counts["changed"], removed=counts["removed"])
            )
            if not checked.preview.empty:
                st.dataframe(data_io.changes_table(checked.preview, L), hide_index=True, key="data_preview")
        if not errors or keep_going:
            st.session_state["data_previewed"] = digest

    previewed = bool(files) and st.session_state.get("data_previewed") == digest
    import_clicked = actions[1].button(
        tr("import"), type="primary", disabled=not previewed, key="data_import",
        help=None if previewed else tr("preview_validate_first"),
    )  # fmt: skip
    if files and import_clicked and previewed:
        st.session_state.pop("data_previewed", None)
        folder = stored(uploads)
        try:
            loaded = data_io.import_uploads(store, folder, keep_going=keep_going, replace=replace)
        except CaseValidationError as exc:
            st.error(tr("import_refused", errors=len(exc.problems)))
            st.dataframe(data_io.problems_table(exc.problems, L, folder), hide_index=True, key="data_problems")
        except CoordregError as exc:
            report(exc)
        else:
            clear_results()
            st.success(tr("import_done", practices=loaded.practices_written, files=loaded.files_written))
            if loaded.changes is not None:
                counts = loaded.changes.counts()
                st.caption(tr("import_kept", added=counts["added"], changed=counts["changed"],
                              removed=counts["removed"]))  # fmt: skip
            for skipped in loaded.skipped:
                st.warning(tr("import_skipped", file=md(skipped.removeprefix(str(folder) + "/"))))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

st.divider()
st.subheader(tr("history_title"))
st.caption(tr("history_caption"))
history_folder = data_io.history_folder(store)
history = data_io.history_table(history_folder, L)
if history.empty:
    st.info(tr("history_none"))
else:
    st.dataframe(history, hide_index=True, key="data_history")
    numbers = [int(n) for n in history.iloc[:, 0]]
    chosen = st.selectbox(tr("history_show"), numbers, key="data_history_version")
    changes = data_io.version_changes_table(history_folder, int(chosen), L)
    if changes.empty:
        st.caption(tr("preview_counts", added=0, changed=0, removed=0))
    else:
        st.dataframe(changes, hide_index=True, key="data_history_changes")

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
