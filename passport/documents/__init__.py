"""Side outputs, each a deterministic module: QR codes, signatures, (later) PDFs."""
