"""Open data: the guide as Open Referral HSDS 3.0 (JSON, a static read-only API in the ORUK shape and a Tabular
Data Package), published with the site and read back by ``wegweiser import hsds``."""
