"""QR codes as tiny PNG data URIs, one pixel per module, for labels.

The label's CSS scales them up with `image-rendering: pixelated`, so they
print sharp; writing the PNG ourselves from the module matrix is twice as
quick as drawing it with Pillow, which counts on a thousand labels.
"""

import base64
import struct
import zlib


def qr_data_uri(text: str) -> str:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    # A fixed mask: choosing the best of eight costs ten times the rest, for
    # codes that scan as well at this size.
    code = qrcode.QRCode(border=2, error_correction=ERROR_CORRECT_M, mask_pattern=0)
    code.add_data(text)
    code.make(fit=True)
    return "data:image/png;base64," + base64.b64encode(_png(code.get_matrix())).decode()


def _png(matrix: list[list[bool]]) -> bytes:
    """A greyscale PNG: black where the matrix is set, white elsewhere."""
    size = len(matrix)
    rows = b"".join(b"\x00" + bytes(0 if dark else 255 for dark in row) for row in matrix)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
