"""The periodic report (báo cáo định kỳ): its content read once (`selectors`), then rendered
as Word, PDF or Excel by one module per format, so the three files can never disagree."""
