"""Fine-tuning data export (§9): SFT items from guide turns, branch resampling, DPO pairs."""
