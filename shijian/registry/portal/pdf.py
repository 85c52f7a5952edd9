"""HTML to PDF with WeasyPrint and the Noto CJK fonts (Debian package fonts-noto-cjk)."""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

from shijian.core.errors import DomainError


class PdfUnavailable(DomainError):
    """PDF output needs WeasyPrint and a Chinese font; say which is missing."""

    status_code = 503

    def __init__(self, what_zh: str, what_en: str) -> None:
        super().__init__("pdf_unavailable", f"无法生成PDF：{what_zh}", f"cannot produce the PDF: {what_en}")


@lru_cache(maxsize=1)
def chinese_font_installed() -> bool:
    """True when fontconfig knows a font covering Chinese (zh)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    result = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False)  # noqa: S603
    return bool(result.stdout.strip())


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    """Render ``html`` to PDF bytes; ``PdfUnavailable`` rather than a PDF of empty boxes."""
    if not chinese_font_installed():
        raise PdfUnavailable("未安装中文字体（fonts-noto-cjk）", "no Chinese font installed (fonts-noto-cjk)")
    try:
        from weasyprint import HTML
    except OSError as exc:  # the system libraries (pango) are missing
        raise PdfUnavailable("缺少系统库 pango", f"system library missing: {exc}") from None
    pdf = HTML(string=html, base_url=base_url).write_pdf()
    if not isinstance(pdf, bytes):
        raise PdfUnavailable("渲染失败", "rendering failed")
    return pdf


def cn_date(value: object) -> str:
    """A date as printed on documents: 2026年7月6日 (no leading zeros); ``""`` for none."""
    return f"{value:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月") if value else ""
