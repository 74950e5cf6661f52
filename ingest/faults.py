"""What went wrong with a disk or a database, said in Vietnamese for the person who has to wait or act."""

from __future__ import annotations

import errno

# Words in a driver's message -> what to tell (SQLite and PostgreSQL say these in English).
DATABASE_FAULTS = (
    (("database is locked", "lock timeout", "lock_timeout", "could not obtain lock"),
     "cơ sở dữ liệu đang bị một tiến trình khác khóa"),
    (("database or disk is full", "no space left", "disk full", "could not extend file"),
     "ổ đĩa của máy chủ đã đầy"),
    (("malformed", "not a database", "disk i/o error"), "tệp cơ sở dữ liệu bị hỏng hoặc không đọc được"),
    (("statement timeout", "canceling statement"), "cơ sở dữ liệu trả lời quá chậm"),
    (("connection refused", "could not connect", "server closed the connection", "connection is lost",
      "terminating connection", "connection timeout", "consuming input failed"),
     "không kết nối được máy chủ cơ sở dữ liệu"),
)
OS_FAULTS = {
    errno.ENOSPC: "ổ đĩa của máy chủ đã đầy",
    errno.EDQUOT: "đã hết hạn mức dung lượng đĩa",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
}


def fault_text(exc: BaseException) -> str:
    """A short Vietnamese clause naming the fault ("ổ đĩa của máy chủ đã đầy")."""
    if isinstance(exc, TimeoutError):
        return "cơ sở dữ liệu không trả lời"
    if isinstance(exc, OSError) and exc.errno in OS_FAULTS:
        return OS_FAULTS[exc.errno]
    message = str(getattr(exc, "orig", None) or exc).lower()
    for words, said in DATABASE_FAULTS:
        if any(word in message for word in words):
            return said
    return f"lỗi {type(exc).__name__}"
