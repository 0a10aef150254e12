"""Working days (工作日) on the official Chinese calendar: the arithmetic every deadline uses
(``chuangxian.workdays.calendar``) and the table of adjustments the office keeps (``WorkdayAdjustment``)."""
