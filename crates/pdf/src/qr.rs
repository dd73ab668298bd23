//! The QR code of a certificate's verification address, as SVG for the template.

use qrcode::QrCode;
use qrcode::render::svg;

use crate::PdfError;

/// The QR code of `text` as an SVG document. Error correction M (15%) survives the wear of a
/// printed certificate; the quiet zone is part of the picture.
pub(crate) fn svg(text: &str) -> Result<String, PdfError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| PdfError::Qr(e.to_string()))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}
