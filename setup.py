"""The wheel's one build step beyond pyproject.toml: it copies the top-level wizard_flows/ and
resources/ into the package as troubleshooter/_data/, where troubleshooter.resources finds them
once installed. A checkout and `pip install -e .` keep using the folders where they are."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA_FOLDERS = ("wizard_flows", "resources")
# Not copied into the wheel: translation sources (the .qm files are what Qt loads).
LEFT_OUT_SUFFIXES = (".ts",)


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # the editable install reads the checkout's folders directly
        target_root = Path(self.build_lib) / "troubleshooter" / "_data"
        for folder in DATA_FOLDERS:
            for source in sorted((ROOT / folder).rglob("*")):
                if not source.is_file() or "__pycache__" in source.parts or source.suffix in LEFT_OUT_SUFFIXES:
                    continue
                target = target_root / source.relative_to(ROOT)
                self.mkpath(str(target.parent))
                self.copy_file(str(source), str(target))


setup(
    cmdclass={"build_py": BuildPyWithData},
    # setuptools' default build folder is ./build, which here holds the executable's sources.
    options={"build": {"build_base": ".setuptools-build"}},
)
