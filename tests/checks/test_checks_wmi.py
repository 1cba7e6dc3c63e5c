"""What WMI hands over, made plain: CIM_DATETIME strings as UTC datetimes, and the properties a
query names (Wine's WMI cannot list an instance's properties, so every query names its own)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from troubleshooter.checks.host.wmi import parse_wmi_datetime, selected_properties


def test_cim_datetime_with_its_offset_becomes_utc():
    assert parse_wmi_datetime("20251201093000.500000+540") == datetime(2025, 12, 1, 0, 30, 0, 500000, timezone.utc)
    assert parse_wmi_datetime("20251201093000.000000-060") == datetime(2025, 12, 1, 10, 30, tzinfo=timezone.utc)
    assert parse_wmi_datetime("Microsoft Hyper-V Network Adapter") is None
    assert parse_wmi_datetime("20251399093000.000000+000") is None  # month 13


def test_a_query_names_its_properties():
    assert selected_properties("SELECT Index, DHCPEnabled FROM Win32_NetworkAdapterConfiguration "
                               "WHERE IPEnabled = TRUE") == ["Index", "DHCPEnabled"]
    with pytest.raises(ValueError):
        selected_properties("SELECT * FROM Win32_OperatingSystem")
