"""kinesis-tutor: study Amazon Kinesis and its neighbours for the AWS exams, in the terminal."""

__version__ = "0.1.0"
