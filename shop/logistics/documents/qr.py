"""QR codes as small PNG data URIs, for labels."""

import base64
import io


def qr_data_uri(text: str) -> str:
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(box_size=3, border=1, error_correction=ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
